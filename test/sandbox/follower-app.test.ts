import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";

// The running app: an operator's test scan and test message of the sandbox account reach the
// webhook through the simulator, and the sandbox knows what the follower did and received, so
// customer-service messages meet WeChat's windows; the CLI's `message` does the same from a shell.

let app: RunningApp;
let tokens: Record<"marketer" | "operator" | "analyst", string>;

before(async () => ({ app, tokens } = await startAppWithTokens({ marketer: "m", operator: "o", analyst: "a" })));

after(() => stopApp(app));

async function sandboxClient(accountId: number) {
  const { findAccountById } = await import("@/lib/db/accounts");
  const { accessTokenStore } = await import("@/lib/db/access-tokens");
  const { WeChatApiClient } = await import("@/lib/wechat");
  const account = (await findAccountById(accountId))!;
  assert.ok(account.sandbox);
  const client = new WeChatApiClient({
    apiBase: `${app.baseUrl}/api/sandbox`,
    appId: account.appId,
    appSecret: account.appSecret,
    tokens: accessTokenStore(account.id),
    sleep: async () => {},
  });
  return { account, client };
}

test("a test scan's passive reply counts against the window: two custom messages, then 45047; the follower view shows all", async () => {
  const code = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({
      name: "序列",
      channel: "地铁",
      kind: "temporary",
      reply: { type: "text", content: "谜面：一口咬掉牛尾巴" },
    }),
  });
  assert.equal(code.status, 201, JSON.stringify(code.body));
  const scan = await api(app.baseUrl, tokens.operator, `/api/qrcodes/${code.body.id}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid: "o_sequence", follower: false }),
  });
  assert.equal(scan.body.reply.Content, "谜面：一口咬掉牛尾巴");

  const { account, client } = await sandboxClient(code.body.accountId);
  await client.sendCustomMessage("o_sequence", { type: "text", content: "提示：是个字" });
  await client.sendCustomMessage("o_sequence", { type: "news", title: "谜底", url: "https://example.com/answer" });
  await assert.rejects(
    client.sendCustomMessage("o_sequence", { type: "text", content: "one too many" }),
    (e: any) => e.errcode === 45047,
  );

  const view = await api(app.baseUrl, tokens.operator, `/api/sandbox/followers/o_sequence?appId=${account.appId}`);
  assert.equal(view.status, 200, JSON.stringify(view.body));
  assert.deepEqual(
    view.body.messages.map((m: any) => `${m.origin}:${m.msgtype}`),
    ["passive:text", "custom:text", "custom:news"],
  );
  assert.equal(view.body.messages[0].content.Content, "谜面：一口咬掉牛尾巴");
  assert.deepEqual(
    view.body.interactions.map((i: any) => i.kind),
    ["subscribe"],
  );
  assert.equal((await api(app.baseUrl, tokens.analyst, `/api/sandbox/followers/o_sequence?appId=${account.appId}`)).status, 403);

  // The follower writes back: a new window of 20 opens.
  const sent = await api(app.baseUrl, tokens.operator, "/api/sandbox/followers/o_sequence/messages", {
    method: "POST",
    body: JSON.stringify({ accountId: account.id, text: "告" }),
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.equal(sent.body.status, 200);
  await client.sendCustomMessage("o_sequence", { type: "text", content: "答对了" });
  const bad = await api(app.baseUrl, tokens.operator, "/api/sandbox/followers/o_sequence/messages", {
    method: "POST",
    body: JSON.stringify({ accountId: account.id, text: "" }),
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "text");
});

test("the CLI's message command delivers a follower's text message to the running app", async () => {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: app.env });
  const { stdout } = await run(["message", "--openid", "o_cli_writer", "--text", "你好"]);
  assert.match(stdout, /delivered a text message to account \d+ as o_cli_writer: HTTP 200/);
  const { query } = await import("../helpers/database");
  const rows = await query<{ kind: string }>(
    app.databaseUrl,
    "SELECT kind FROM sandbox_interactions WHERE openid = 'o_cli_writer'",
  );
  assert.deepEqual(
    rows.map((r) => r.kind),
    ["text"],
  );
  await assert.rejects(run(["message", "--openid", "o_cli_writer"]), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /missing --text/);
    return true;
  });
});
