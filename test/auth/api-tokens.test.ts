import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { freshDatabase, query } from "../helpers/database";
import { prisma, disconnect } from "@/lib/db/client";
import { createApiToken, findActiveToken, listApiTokens, revokeApiToken } from "@/lib/db/api-tokens";
import { InvalidRoleError } from "@/lib/access/errors";

const url = await freshDatabase();
process.env.DATABASE_URL = url;
process.env.ENCRYPTION_KEY = "test-key";

after(() => disconnect());

test("a new token is qd_ + 32 random bytes; only its sha256 and a short prefix are stored", async () => {
  const { token, record } = await createApiToken({ role: "marketer", name: "ci" });
  assert.match(token, /^qd_[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(token.slice(3), "base64url").length, 32);
  assert.equal(record.name, "ci");
  assert.equal(record.role, "marketer");
  assert.ok(token.startsWith(record.prefix) && record.prefix.length < 12);
  assert.ok(!("tokenHash" in record));

  const [row] = await query<Record<string, string>>(url, "SELECT * FROM api_tokens WHERE id = $1", [record.id]);
  assert.equal(row.token_hash, createHash("sha256").update(token).digest("hex"));
  assert.ok(!JSON.stringify(row).includes(token.slice(12)), "the token itself is not stored");
});

test("two tokens are never the same, and a name defaults from the role", async () => {
  const a = await createApiToken({ role: "analyst" });
  const b = await createApiToken({ role: "analyst" });
  assert.notEqual(a.token, b.token);
  assert.equal(a.record.name, "analyst token");
  await assert.rejects(createApiToken({ role: "root" as never }), InvalidRoleError);
});

test("findActiveToken finds a token by value and records its use at most once a minute", async () => {
  const { token, record } = await createApiToken({ role: "operator", name: "bot" });
  assert.equal(record.lastUsedAt, null);

  const found = await findActiveToken(token);
  assert.equal(found?.id, record.id);
  assert.equal(found?.role, "operator");
  assert.ok(found && !("tokenHash" in found));
  const first = (await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt;
  assert.ok(first, "lastUsedAt set on first use");

  await findActiveToken(token);
  const second = (await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt;
  assert.equal(second?.getTime(), first.getTime(), "not rewritten within the minute");

  const longAgo = new Date(Date.now() - 5 * 60 * 1000);
  await prisma.apiToken.update({ where: { id: record.id }, data: { lastUsedAt: longAgo } });
  await findActiveToken(token);
  const third = (await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt;
  assert.ok(third && third.getTime() > longAgo.getTime() + 60 * 1000, "rewritten once stale");
});

test("unknown, malformed and near-miss tokens are not found", async () => {
  const { token } = await createApiToken({ role: "admin" });
  const nearMiss = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
  for (const bad of [nearMiss, `qd_${"A".repeat(43)}`, "", "qd_", `${token}x`, token.slice(3), ` ${token}`]) {
    assert.equal(await findActiveToken(bad), null, bad);
  }
});

test("a revoked token is no longer active; revoking is idempotent; unknown ids give null", async () => {
  const { token, record } = await createApiToken({ role: "admin", name: "old" });
  assert.ok(await findActiveToken(token));

  const revoked = await revokeApiToken(record.id);
  assert.ok(revoked?.revokedAt);
  assert.equal(await findActiveToken(token), null);

  const again = await revokeApiToken(record.id);
  assert.equal(again?.revokedAt?.getTime(), revoked.revokedAt.getTime());
  assert.equal(await revokeApiToken(999999), null);
  assert.equal(await revokeApiToken(-1), null);
});

test("listApiTokens shows every token without hashes", async () => {
  const tokens = await listApiTokens();
  assert.ok(tokens.length >= 5);
  for (const t of tokens) {
    assert.ok(!("tokenHash" in t));
    assert.deepEqual(Object.keys(t).sort(), ["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "role"]);
  }
  assert.ok(tokens.some((t) => t.name === "old" && t.revokedAt));
});
