import { test } from "node:test";
import assert from "node:assert/strict";
import { scryptSync, randomBytes } from "node:crypto";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/access/passwords";
import { generatePassword } from "@/lib/access/generate-password";
import { PASSWORD_LIMITS } from "@/lib/limits";
import { WeakPasswordError } from "@/lib/access/errors";

test("a hash verifies its password and nothing else", async () => {
  const stored = await hashPassword("correct horse battery");
  assert.equal(await verifyPassword("correct horse battery", stored), true);
  assert.equal(await verifyPassword("correct horse batterY", stored), false);
  assert.equal(await verifyPassword("", stored), false);
});

test("the hash encodes scrypt and its parameters, with a 16-byte salt", async () => {
  const stored = await hashPassword("correct horse battery");
  const [scheme, N, r, p, salt, key] = stored.split("$");
  assert.deepEqual([scheme, N, r, p], ["scrypt", "32768", "8", "1"]);
  assert.equal(Buffer.from(salt, "base64url").length, 16);
  assert.equal(Buffer.from(key, "base64url").length, 32);
  assert.ok(!stored.includes("correct horse"));
});

test("the same password hashes differently each time (random salt)", async () => {
  const a = await hashPassword("same password here");
  const b = await hashPassword("same password here");
  assert.notEqual(a, b);
});

test("a tampered or malformed hash never verifies", async () => {
  const stored = await hashPassword("correct horse battery");
  const parts = stored.split("$");
  const flip = (s: string) => {
    const bytes = Buffer.from(s, "base64url");
    bytes[0] ^= 1;
    return bytes.toString("base64url");
  };
  const tampered = [
    [...parts.slice(0, 5), flip(parts[5])].join("$"), // hash changed
    [...parts.slice(0, 4), flip(parts[4]), parts[5]].join("$"), // salt changed
    ["scrypt", "16384", ...parts.slice(2)].join("$"), // cost lowered
    ["scrypt", "32768", "8", "2", ...parts.slice(4)].join("$"), // parallelism changed
    ["bcrypt", ...parts.slice(1)].join("$"),
    parts.slice(0, 5).join("$"),
    ["scrypt", "1073741824", "8", "1", parts[4], parts[5]].join("$"), // absurd cost: refused, not run
    ["scrypt", "30000", "8", "1", parts[4], parts[5]].join("$"), // N not a power of two
    "",
    "correct horse battery",
  ];
  for (const bad of tampered) assert.equal(await verifyPassword("correct horse battery", bad), false, bad);
});

test("hashes made with other parameters still verify, and are flagged for re-hashing", async () => {
  const salt = randomBytes(16);
  const key = scryptSync("an older password", salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  const old = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
  assert.equal(await verifyPassword("an older password", old), true);
  assert.equal(await verifyPassword("an older passwore", old), false);
  assert.equal(needsRehash(old), true);
  assert.equal(needsRehash(await hashPassword("a current password")), false);
});

test("passwords shorter than the minimum are refused with a clear error", async () => {
  assert.equal(PASSWORD_LIMITS.min, 10);
  await assert.rejects(hashPassword("123456789"), (error: unknown) => {
    assert.ok(error instanceof WeakPasswordError);
    assert.match((error as Error).message, /at least 10 characters/);
    return true;
  });
  assert.match(await hashPassword("1234567890"), /^scrypt\$/);
});

test("generated passwords are long, readable, random and acceptable", async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const password = generatePassword();
    assert.ok(password.length >= 16, password);
    assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
    seen.add(password);
  }
  assert.equal(seen.size, 50);
  const password = generatePassword();
  assert.equal(await verifyPassword(password, await hashPassword(password)), true);
});
