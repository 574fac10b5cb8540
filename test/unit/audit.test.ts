import { test } from "node:test";
import assert from "node:assert/strict";
import { changedFields, redactSecrets, sameJson } from "@/lib/audit";

// The audit log's one rule about secrets (lib/audit.ts): values never kept, only set or changed.

test("secrets become marks: set where present, changed when the value differs, null where absent", () => {
  const before = { name: "OA", appSecret: "old-secret", token: "Tok123", encodingAesKey: "k".repeat(43), apiBase: null };
  const after = { name: "OA 2", appSecret: "new-secret", token: "Tok123", encodingAesKey: null, apiBase: null };
  assert.deepEqual(redactSecrets(before, after), {
    before: {
      name: "OA",
      appSecret: { secret: "set" },
      token: { secret: "set" },
      encodingAesKey: { secret: "set" },
      apiBase: null,
    },
    after: { name: "OA 2", appSecret: { secret: "changed" }, token: { secret: "set" }, encodingAesKey: null, apiBase: null },
  });
});

test("a creation marks its secrets set; a password reset marks the password changed", () => {
  assert.deepEqual(redactSecrets(null, { appId: "wx1", appSecret: "s3cret" }), {
    before: null,
    after: { appId: "wx1", appSecret: { secret: "set" } },
  });
  assert.deepEqual(redactSecrets({ password: "$scrypt$a" }, { password: "$scrypt$b" }), {
    before: { password: { secret: "set" } },
    after: { password: { secret: "changed" } },
  });
});

test("secrets are found at any depth, and every secret field name is covered", () => {
  const nested = { account: { token: "abc", inner: { passwordHash: "h", tokenHash: "t" } }, list: [1, 2] };
  const { after } = redactSecrets(null, nested);
  assert.deepEqual(after, {
    account: { token: { secret: "set" }, inner: { passwordHash: { secret: "set" }, tokenHash: { secret: "set" } } },
    list: [1, 2],
  });
  const text = JSON.stringify(redactSecrets({ appSecret: "A1", encodingAesKey: "E1", password: "P1" }, { appSecret: "A2" }));
  for (const value of ["A1", "A2", "E1", "P1"]) assert.ok(!text.includes(value), value);
});

test("changed fields compare JSON whatever the key order; a creation lists every field", () => {
  assert.ok(sameJson({ a: 1, b: { c: [1, { d: 2 }] } }, { b: { c: [1, { d: 2 }] }, a: 1 }));
  assert.ok(!sameJson({ a: [1, 2] }, { a: [2, 1] }));
  assert.deepEqual(
    changedFields(
      { name: "a", role: "analyst", reply: { type: "text", content: "x" } },
      { role: "admin", name: "a", reply: { content: "x", type: "text" } },
    ),
    ["role"],
  );
  assert.deepEqual(changedFields(null, { name: "a", role: "admin" }), ["name", "role"]);
});
