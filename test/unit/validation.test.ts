import { test } from "node:test";
import assert from "node:assert/strict";
import { replySchema, createQrCodeSchema } from "@/lib/validation/qrcodes";

test("reply links must be web addresses", () => {
  for (const url of ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.com/a", "not a url"]) {
    assert.equal(replySchema.safeParse({ type: "news", title: "t", url }).success, false, url);
    assert.equal(replySchema.safeParse({ type: "news", title: "t", picUrl: url }).success, false, url);
  }
  assert.equal(
    replySchema.safeParse({ type: "news", title: "t", url: "https://mp.weixin.qq.com/s/abc", picUrl: "http://example.com/a.jpg" })
      .success,
    true,
  );
});

test("code input: WeChat's limits per kind", () => {
  const ok = (body: object) => createQrCodeSchema.safeParse({ name: "n", channel: "c", ...body }).success;
  assert.equal(ok({ kind: "temporary", sceneId: 4294967295, expireSeconds: 2592000 }), true);
  assert.equal(ok({ kind: "temporary", sceneId: 4294967296 }), false);
  assert.equal(ok({ kind: "permanent", sceneId: 100000 }), true);
  assert.equal(ok({ kind: "permanent", sceneId: 100001 }), false);
  assert.equal(ok({ kind: "permanent", sceneStr: "字".repeat(64) }), true, "64 characters, not bytes");
  assert.equal(ok({ kind: "permanent", sceneStr: "字".repeat(65) }), false);
  assert.equal(ok({ kind: "permanent", expireSeconds: 60 }), false);
  assert.equal(ok({ kind: "temporary", expireSeconds: 59 }), false);
  assert.equal(ok({ kind: "temporary", unknownField: 1 }), false);
});

test("code input: every field's problem at once, so a form can show them while it is being filled in", () => {
  const result = createQrCodeSchema.safeParse({ kind: "temporary", sceneStr: "a\nb", expireSeconds: 30 });
  assert.equal(result.success, false);
  const fields = new Set(result.error?.issues.map((issue) => issue.path[0]));
  assert.deepEqual([...fields].sort(), ["channel", "expireSeconds", "name", "sceneStr"]);
});
