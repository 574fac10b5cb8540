import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";

let app: RunningApp;
const tokens: Record<string, string> = {};
let sandboxId = 0;
let plainId = 0;

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  for (const role of ["admin", "marketer", "operator", "analyst"] as const)
    tokens[role] = (await createApiToken({ role, name: role })).token;
  [{ id: sandboxId }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
  const { upsertAccount } = await import("@/lib/db/accounts");
  plainId = (
    await upsertAccount({ appId: "wx_plain_follow", name: "Plain", appSecret: "s", token: "plain_token", mode: "plain" })
  ).id;
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

const testFollow = (body: unknown, token = tokens.operator) =>
  api(app.baseUrl, token, "/api/replies/test-follow", { method: "POST", body: JSON.stringify(body) });
const setWelcome = (accountId: number, follow: unknown) =>
  api(app.baseUrl, tokens.operator, `/api/accounts/${accountId}/replies`, { method: "PUT", body: JSON.stringify({ follow }) });

test("a test follow delivers a plain follow and answers with the decrypted welcome (safe mode)", async () => {
  assert.equal((await setWelcome(sandboxId, { type: "text", content: "欢迎关注！回复「谜语」开始游戏" })).status, 200);
  const res = await testFollow({ accountId: sandboxId });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.accountId, sandboxId);
  assert.equal(res.body.openid, "o_test_follower");
  assert.equal(res.body.status, 200);
  assert.equal(res.body.attempts, 1);
  assert.equal(res.body.reply.MsgType, "text");
  assert.equal(res.body.reply.Content, "欢迎关注！回复「谜语」开始游戏");
  assert.equal(res.body.reply.ToUserName, "o_test_follower");
  assert.equal(res.body.error, undefined);

  // the webhook recorded it as a plain follow of that fan, like a real one
  const rows = await query<{ kind: string; scene: string | null }>(
    app.databaseUrl,
    "SELECT kind::text AS kind, scene FROM events WHERE account_id = $1 AND openid = 'o_test_follower'",
    [sandboxId],
  );
  assert.deepEqual(rows, [{ kind: "follow", scene: null }]);
});

test("a news welcome arrives as one article; the admin may test too; another account keeps its own", async () => {
  const news = {
    type: "news",
    title: "新春猜灯谜",
    description: "扫码答题赢好礼",
    picUrl: "https://example.com/c.png",
    url: "https://example.com/a",
  };
  assert.equal((await setWelcome(plainId, news)).status, 200);
  const res = await testFollow({ accountId: plainId, openid: "o_admin_check" }, tokens.admin);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.reply.MsgType, "news");
  assert.equal(res.body.reply.ArticleCount, "1");
  assert.equal(res.body.reply["Articles.item.Title"], "新春猜灯谜");
  assert.equal(res.body.reply["Articles.item.PicUrl"], "https://example.com/c.png");
  assert.equal(res.body.reply.ToUserName, "o_admin_check");
  const sandbox = await testFollow({ accountId: sandboxId, openid: "o_other" });
  assert.equal(sandbox.body.reply.MsgType, "text");
});

test("without a welcome the fan gets nothing: the webhook answers success", async () => {
  assert.equal((await setWelcome(plainId, null)).status, 200);
  const res = await testFollow({ accountId: plainId, openid: "o_nobody" });
  assert.equal(res.status, 200);
  assert.equal(res.body.reply, "success");
  assert.equal(res.body.status, 200);
});

test("roles, unknown accounts and bad input are refused before anything is delivered", async () => {
  const before = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM events");
  assert.equal((await testFollow({ accountId: sandboxId }, tokens.analyst)).status, 403);
  assert.equal((await testFollow({ accountId: sandboxId }, tokens.marketer)).status, 403);
  const anonymous = await fetch(`${app.baseUrl}/api/replies/test-follow`, {
    method: "POST",
    body: JSON.stringify({ accountId: sandboxId }),
  });
  assert.equal(anonymous.status, 401);

  const missing = await testFollow({ accountId: 999999 });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "not_found");

  const invalid: [unknown, string][] = [
    [{}, "accountId"],
    [{ accountId: "1" }, "accountId"],
    [{ accountId: 0 }, "accountId"],
    [{ accountId: sandboxId, openid: "" }, "openid"],
    [{ accountId: sandboxId, openid: "x".repeat(65) }, "openid"],
  ];
  for (const [body, field] of invalid) {
    const res = await testFollow(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
  }
  const extra = await testFollow({ accountId: sandboxId, eventKey: "qrscene_1" });
  assert.equal(extra.status, 400);
  const notJson = await api(app.baseUrl, tokens.operator, "/api/replies/test-follow", { method: "POST", body: "{" });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.code, "invalid_json");

  const after = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM events");
  assert.equal(after[0].n, before[0].n);
});
