import { after, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, scryptSync } from "node:crypto";
import { freshDatabase, query } from "../helpers/database";
import { prisma, disconnect } from "@/lib/db/client";
import * as users from "@/lib/db/users";
import { EmailTakenError, InvalidEmailError, InvalidRoleError, UserNotFoundError, WeakPasswordError } from "@/lib/access/errors";
import { verifyPassword } from "@/lib/access/passwords";

// The Prisma client connects on first use, so setting the environment here is early enough.
const url = await freshDatabase();
process.env.DATABASE_URL = url;
process.env.ENCRYPTION_KEY = "test-key";

after(() => disconnect());

const PASSWORD = "a perfectly fine password";

test("createUser normalises the email, hashes the password and never returns the hash", async () => {
  const user = await users.createUser({ email: "  Alice@Example.COM ", name: " Alice ", role: "marketer", password: PASSWORD });
  assert.equal(user.email, "alice@example.com");
  assert.equal(user.name, "Alice");
  assert.equal(user.role, "marketer");
  assert.ok(!("passwordHash" in user));

  const [row] = await query<{ password_hash: string }>(url, "SELECT password_hash FROM users WHERE id = $1", [user.id]);
  assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword(PASSWORD, row.password_hash), true);

  const found = await users.findUserByEmail("ALICE@example.com");
  assert.equal(found?.id, user.id);
  assert.ok(found && !("passwordHash" in found));
  assert.equal(await users.findUserByEmail("nobody@example.com"), null);
});

test("a duplicate email (in any case) is a typed error and creates nothing", async () => {
  await users.createUser({ email: "dup@example.com", role: "analyst", password: PASSWORD });
  await assert.rejects(
    users.createUser({ email: "DUP@example.com", role: "admin", password: PASSWORD }),
    (error: unknown) => error instanceof EmailTakenError && error.kind === "conflict" && error.code === "email_taken",
  );
  const rows = await query(url, "SELECT id FROM users WHERE email = 'dup@example.com'");
  assert.equal(rows.length, 1);
});

test("invalid input is refused before anything is stored", async () => {
  await assert.rejects(users.createUser({ email: "not-an-email", role: "admin", password: PASSWORD }), InvalidEmailError);
  await assert.rejects(users.createUser({ email: "short@example.com", role: "admin", password: "short" }), WeakPasswordError);
  await assert.rejects(
    users.createUser({ email: "role@example.com", role: "root" as never, password: PASSWORD }),
    InvalidRoleError,
  );
  assert.equal(await users.findUserByEmail("short@example.com"), null);
  assert.equal(await users.findUserByEmail("role@example.com"), null);
});

test("listUsers and countAdmins never expose hashes", async () => {
  const before = await users.countAdmins();
  await users.createUser({ email: "admin2@example.com", role: "admin", password: PASSWORD });
  assert.equal(await users.countAdmins(), before + 1);
  const list = await users.listUsers();
  assert.ok(list.some((u) => u.email === "admin2@example.com"));
  for (const user of list) assert.ok(!JSON.stringify(user).includes("scrypt"), JSON.stringify(user));
});

test("verifyLogin accepts the right password and refuses the wrong one or an unknown email", async () => {
  await users.createUser({ email: "login@example.com", role: "operator", password: PASSWORD });
  const user = await users.verifyLogin("Login@Example.com", PASSWORD);
  assert.equal(user?.email, "login@example.com");
  assert.equal(user?.role, "operator");
  assert.ok(user && !("passwordHash" in user));
  assert.equal(await users.verifyLogin("login@example.com", `${PASSWORD}x`), null);
  assert.equal(await users.verifyLogin("ghost@example.com", PASSWORD), null);
  assert.equal(await users.verifyLogin("", PASSWORD), null);
});

test("failures below the limit do not lock, and a success resets the count", async () => {
  await users.createUser({ email: "count@example.com", role: "analyst", password: PASSWORD });
  for (let i = 0; i < users.MAX_FAILED_LOGINS - 1; i++)
    assert.equal(await users.verifyLogin("count@example.com", "wrong password!"), null);
  let row = await prisma.user.findUniqueOrThrow({ where: { email: "count@example.com" } });
  assert.equal(row.failedLogins, 4);
  assert.equal(row.lockedUntil, null);

  assert.ok(await users.verifyLogin("count@example.com", PASSWORD));
  row = await prisma.user.findUniqueOrThrow({ where: { email: "count@example.com" } });
  assert.equal(row.failedLogins, 0);

  // 4 more failures after the reset still do not lock: the limit counts consecutive failures.
  for (let i = 0; i < 4; i++) await users.verifyLogin("count@example.com", "wrong password!");
  assert.ok(await users.verifyLogin("count@example.com", PASSWORD));
});

test("five consecutive failures lock the account for 15 minutes, even against the right password", async () => {
  const email = "lock@example.com";
  await users.createUser({ email, role: "admin", password: PASSWORD });
  const started = Date.now();
  for (let i = 0; i < 5; i++) assert.equal(await users.verifyLogin(email, `wrong password ${i}`), null);

  const locked = await prisma.user.findUniqueOrThrow({ where: { email } });
  assert.ok(locked.lockedUntil, "lockedUntil is set");
  const lockMs = locked.lockedUntil.getTime() - started;
  assert.ok(lockMs >= 15 * 60 * 1000 - 1000 && lockMs <= 15 * 60 * 1000 + 60 * 1000, `locked for ${lockMs} ms`);

  assert.equal(await users.verifyLogin(email, PASSWORD), null, "the right password is refused while locked");
  assert.equal(await users.verifyLogin(email, "wrong again!!"), null);
  const still = await prisma.user.findUniqueOrThrow({ where: { email } });
  assert.equal(still.lockedUntil?.getTime(), locked.lockedUntil.getTime(), "attempts while locked do not extend it");

  await prisma.user.update({ where: { email }, data: { lockedUntil: new Date(Date.now() - 1000) } });
  const user = await users.verifyLogin(email, PASSWORD);
  assert.equal(user?.email, email, "the lock has passed");
  const unlocked = await prisma.user.findUniqueOrThrow({ where: { email } });
  assert.equal(unlocked.lockedUntil, null);
  assert.equal(unlocked.failedLogins, 0);
});

test("concurrent failures are all counted", async () => {
  const email = "burst@example.com";
  await users.createUser({ email, role: "analyst", password: PASSWORD });
  await Promise.all(Array.from({ length: 5 }, (_, i) => users.verifyLogin(email, `wrong password ${i}`)));
  const row = await prisma.user.findUniqueOrThrow({ where: { email } });
  assert.ok(row.lockedUntil && row.lockedUntil > new Date(), "locked after five parallel failures");
});

test("resetPassword replaces the password and lifts a lock-out", async () => {
  const email = "reset@example.com";
  await users.createUser({ email, role: "marketer", password: PASSWORD });
  for (let i = 0; i < 5; i++) await users.verifyLogin(email, "wrong password!");
  assert.equal(await users.verifyLogin(email, PASSWORD), null);

  const updated = await users.resetPassword("RESET@example.com", "a brand new password");
  assert.equal(updated.email, email);
  assert.equal(updated.lockedUntil, null);
  assert.ok(await users.verifyLogin(email, "a brand new password"));
  assert.equal(await users.verifyLogin(email, PASSWORD), null);

  await assert.rejects(users.resetPassword("nobody@example.com", "a brand new password"), UserNotFoundError);
  await assert.rejects(users.resetPassword(email, "short"), WeakPasswordError);
  assert.ok(await users.verifyLogin(email, "a brand new password"), "a refused reset changes nothing");
});

test("a successful login upgrades a hash made with older parameters", async () => {
  const email = "legacy@example.com";
  const user = await users.createUser({ email, role: "analyst", password: PASSWORD });
  const salt = randomBytes(16);
  const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  const legacy = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
  await prisma.user.update({ where: { id: user.id }, data: { passwordHash: legacy } });

  assert.ok(await users.verifyLogin(email, PASSWORD));
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.match(row.passwordHash, /^scrypt\$32768\$/);
  assert.ok(await users.verifyLogin(email, PASSWORD));
});
