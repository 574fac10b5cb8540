import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { today } from "../helpers/dates";
import { seedActiveCode } from "../helpers/seed";
import { query } from "../helpers/database";
import { buildEventXml, buildPush, generateEncodingAesKey } from "@/lib/wechat";

let app: RunningApp;
let tokens: Record<"marketer" | "operator" | "analyst", string>;

before(async () => ({ app, tokens } = await startAppWithTokens({ marketer: "m", operator: "o", analyst: "a" })));

after(() => stopApp(app));

test("on a real account, an operator's test scan gets the real reply but stays out of the statistics", async () => {
  const { upsertAccount } = await import("@/lib/db/accounts");
  // A non-sandbox account (the sandbox does not answer for it): its code is seeded as WeChat would have issued it.
  const keys = {
    appId: "wx0123456789abcdef",
    token: "realtoken",
    encodingAesKey: generateEncodingAesKey(),
    mode: "compatible" as const,
  };
  const account = await upsertAccount({ ...keys, name: "real", appSecret: "real-secret", originalId: "gh_real" });
  const codeId = await seedActiveCode({
    accountId: account.id,
    name: "门店",
    channel: "门店",
    kind: "permanent",
    sceneStr: "store_1",
    reply: "欢迎光临",
  });

  const trial = await api(app.baseUrl, tokens.operator, `/api/qrcodes/${codeId}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid: "o_staff" }),
  });
  assert.equal(trial.status, 200);
  assert.equal(trial.body.reply.Content, "欢迎光临");

  const day = today();
  const stats = () => api(app.baseUrl, tokens.analyst, `/api/stats?from=${day}&to=${day}&accountId=${account.id}`);
  assert.equal((await stats()).body.totals.scans, 0);
  const [logged] = await query(app.databaseUrl, "SELECT test FROM events WHERE account_id = $1 AND openid = 'o_staff'", [
    account.id,
  ]);
  assert.equal(logged.test, true, "the test is still in the event log");
  assert.equal((await query(app.databaseUrl, "SELECT 1 FROM followers WHERE account_id = $1", [account.id])).length, 0);

  // A push carrying a mark this installation did not make is a real event.
  const xml = buildEventXml({
    toUser: "gh_real",
    fromUser: "o_fan",
    createTime: Math.floor(Date.now() / 1000),
    event: "subscribe",
    eventKey: "qrscene_store_1",
    ticket: "t",
  });
  const push = buildPush(keys, xml);
  push.query.set("qudao_test", "0".repeat(64));
  const res = await fetch(`${app.baseUrl}/api/wechat/${keys.appId}?${push.query}`, { method: "POST", body: push.body });
  assert.equal(res.status, 200);
  const counted = (await stats()).body.totals;
  assert.equal(counted.scans, 1);
  assert.equal(counted.newFollows, 1);
});
