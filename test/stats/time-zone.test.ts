import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api, push } from "../helpers/wechat-peer";
import type { RunningApp } from "../helpers/app";

// Days are whole days in the account's zone, so a new zone moves the statistics with it.

let app: RunningApp;
let tokens: { admin: string; analyst: string };
const keys = { appId: "wx_zone", token: "zonetoken", encodingAesKey: null, mode: "plain" as const, id: 0, originalId: "gh_zone" };

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ admin: "admin", analyst: "analyst" }));
  const { upsertAccount } = await import("@/lib/db/accounts");
  keys.id = (await upsertAccount({ ...keys, name: "zone", appSecret: "s", timeZone: "UTC" })).id;
  await seedActiveCode({ accountId: keys.id, channel: "地铁", name: "A", sceneStr: "a" });
});

after(() => stopApp(app));

const scansOn = async (day: string) =>
  (await api(app.baseUrl, tokens.analyst, `/api/stats?accountId=${keys.id}&from=${day}&to=${day}`)).body.totals.scans;

test("changing an account's time zone recounts its days in the new zone", async () => {
  const lateEvening = Date.parse("2026-03-14T20:00:00Z") / 1000; // 04:00 on the 15th in Shanghai
  assert.equal(
    (await push(app.baseUrl, keys, { openid: "o_zone", event: "subscribe", eventKey: "qrscene_a", createTime: lateEvening }))
      .status,
    200,
  );
  assert.deepEqual([await scansOn("2026-03-14"), await scansOn("2026-03-15")], [1, 0]);

  const patch = await api(app.baseUrl, tokens.admin, `/api/accounts/${keys.id}`, {
    method: "PATCH",
    body: JSON.stringify({ timeZone: "Asia/Shanghai" }),
  });
  assert.equal(patch.status, 200, JSON.stringify(patch.body));
  assert.deepEqual([await scansOn("2026-03-14"), await scansOn("2026-03-15")], [0, 1]);
});
