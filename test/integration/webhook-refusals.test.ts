import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import { buildEventXml, sha1Sorted } from "@/lib/wechat";

// Webhook refusals found by the hostile corpus (issue 8, point 3), each a plain regression test.

let app: RunningApp;
const keys = { appId: "wx_refusals", token: "refusalstoken", encodingAesKey: null, mode: "plain" as const };

before(async () => {
  app = await startApp();
  const { upsertAccount } = await import("@/lib/db/accounts");
  await upsertAccount({ ...keys, name: "refusals", appSecret: "secret", originalId: "gh_refusals" });
});
after(() => stopApp(app));

const now = () => String(Math.floor(Date.now() / 1000));
const signed = (timestamp = now(), nonce = String(Math.random()).slice(2)) =>
  new URLSearchParams({ timestamp, nonce, signature: sha1Sorted([keys.token, timestamp, nonce]) }).toString();
const subscribe = (openid: string) =>
  buildEventXml({ toUser: "gh_refusals", fromUser: openid, createTime: Number(now()), event: "subscribe" });
const post = (body: BodyInit, headers: Record<string, string> = {}, appId = keys.appId) =>
  fetch(`${app.baseUrl}/api/wechat/${appId}?${signed()}`, {
    method: "POST",
    body,
    headers: { "content-type": "text/xml", ...headers },
  });
const events = async () => (await query(app.databaseUrl, "SELECT count(*)::int AS n FROM events"))[0]!.n;

test("a compressed push is a 415: the server inflates nothing", async () => {
  const res = await post(gzipSync(subscribe("o_gzip")), { "content-encoding": "gzip" });
  assert.equal(res.status, 415);
  assert.match(await res.text(), /Content-Encoding/);
  assert.equal(await events(), 0);
});

test("a push that is not UTF-8 is a 400, not stored with U+FFFD", async () => {
  const res = await post(Buffer.from(subscribe("o_caf\u00e9"), "latin1"));
  assert.equal(res.status, 400);
  assert.equal(await res.text(), "body is not UTF-8");
  assert.equal(await events(), 0);
});

test("raw control characters make the XML malformed (400), even between elements", async () => {
  const res = await post(subscribe("o_ctrl").replace("</FromUserName>", "</FromUserName>\u0000"));
  assert.equal(res.status, 400);
  assert.equal(await events(), 0);
});

test("an AppID with a NUL is unknown (404), not a 500", async () => {
  const before = app.output().length;
  const res = await post(subscribe("o_nul"), {}, "wx%00refusals");
  assert.equal(res.status, 404);
  assert.equal(app.output().slice(before), "");
});

test("the server-URL check is refused outside the timestamp window: a captured one cannot echo any text", async () => {
  const echo = (timestamp: string) =>
    fetch(`${app.baseUrl}/api/wechat/${keys.appId}?${signed(timestamp)}&echostr=${encodeURIComponent("<b>hi</b>")}`);
  const fresh = await echo(now());
  assert.equal(fresh.status, 200);
  assert.equal(await fresh.text(), "<b>hi</b>");
  assert.equal((await echo(String(Number(now()) - 3600))).status, 401);
});
