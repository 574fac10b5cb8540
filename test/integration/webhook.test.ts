import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { push } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { buildPush, generateEncodingAesKey, sha1Sorted, type AccountKeys } from "@/lib/wechat";

let app: RunningApp;
const accounts: Record<string, AccountKeys & { id: number; originalId: string }> = {};

before(async () => {
  app = await startApp();
  const { upsertAccount } = await import("@/lib/db/accounts");
  for (const mode of ["plain", "compatible", "safe"] as const) {
    const keys = {
      appId: `wx_${mode}_test`,
      token: `token_${mode}`,
      encodingAesKey: mode === "plain" ? null : generateEncodingAesKey(),
      mode,
    };
    const account = await upsertAccount({ ...keys, name: mode, appSecret: "secret", originalId: `gh_${mode}` });
    await seedActiveCode({
      accountId: account.id,
      channel: "poster",
      name: "riddle",
      sceneStr: "riddle-1",
      reply: `答案：月亮 (${mode})`,
    });
    accounts[mode] = { ...keys, id: account.id, originalId: `gh_${mode}` };
  }
});

after(() => stopApp(app));

for (const mode of ["plain", "compatible", "safe"] as const) {
  test(`${mode} mode: a subscribe through a code is recorded once and answered with its reply, retries included`, async () => {
    const keys = accounts[mode];
    const openid = `o_${mode}_1`;
    const first = await push(app.baseUrl, keys, { openid, event: "subscribe", eventKey: "qrscene_riddle-1", ticket: "t" });
    assert.equal(first.status, 200);
    assert.equal(typeof first.reply, "object");
    const reply = first.reply as Record<string, string>;
    assert.equal(reply.Content, `答案：月亮 (${mode})`);
    assert.equal(reply.ToUserName, openid);
    assert.equal(reply.MsgType, "text");
    if (mode !== "plain") assert.match(first.text, /<Encrypt>/);

    // WeChat's retry: the same event again (same CreateTime); freshly signed
    const retry = await push(app.baseUrl, keys, {
      openid,
      event: "subscribe",
      eventKey: "qrscene_riddle-1",
      ticket: "t",
      createTime: first.createTime,
    });
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.reply, first.reply);

    const rows = await query(app.databaseUrl, "SELECT kind, qr_code_id FROM events WHERE account_id = $1 AND openid = $2", [
      keys.id,
      openid,
    ]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].kind, "scan_subscribe");
    const followers = await query(
      app.databaseUrl,
      "SELECT subscribed, qr_code_id FROM followers WHERE account_id = $1 AND openid = $2",
      [keys.id, openid],
    );
    assert.equal(followers[0].subscribed, true);
    assert.equal(followers[0].qr_code_id, rows[0].qr_code_id);
  });
}

test("GET verification echoes echostr for a valid signature and refuses a bad one", async () => {
  const keys = accounts.plain;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sha1Sorted([keys.token, timestamp, "nonce1"]);
  const ok = await fetch(
    `${app.baseUrl}/api/wechat/${keys.appId}?signature=${signature}&timestamp=${timestamp}&nonce=nonce1&echostr=hello123`,
  );
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), "hello123");
  const bad = await fetch(
    `${app.baseUrl}/api/wechat/${keys.appId}?signature=${"0".repeat(40)}&timestamp=${timestamp}&nonce=nonce1&echostr=hello123`,
  );
  assert.equal(bad.status, 401);
});

test("a SCAN by an existing follower and an unfollow count against the attributed code", async () => {
  const keys = accounts.plain;
  const openid = "o_plain_scan";
  await push(app.baseUrl, keys, { openid, event: "subscribe", eventKey: "qrscene_riddle-1", ticket: "t" });
  const scan = await push(app.baseUrl, keys, { openid, event: "SCAN", eventKey: "riddle-1", ticket: "t" });
  assert.equal((scan.reply as Record<string, string>).Content, "答案：月亮 (plain)");
  const bye = await push(app.baseUrl, keys, { openid, event: "unsubscribe" });
  assert.equal(bye.text, "success");
  const rows = await query(
    app.databaseUrl,
    "SELECT kind, qr_code_id FROM events WHERE account_id = $1 AND openid = $2 ORDER BY occurred_at, id",
    [keys.id, openid],
  );
  assert.deepEqual(
    rows.map((r) => r.kind),
    ["scan_subscribe", "scan", "unfollow"],
  );
  assert.ok(rows.every((r) => r.qr_code_id === rows[0].qr_code_id && r.qr_code_id !== null));
  const [follower] = await query(app.databaseUrl, "SELECT subscribed FROM followers WHERE account_id = $1 AND openid = $2", [
    keys.id,
    openid,
  ]);
  assert.equal(follower.subscribed, false);
});

test("plain follows, foreign EventKeys and unknown scenes are not attributed to a code", async () => {
  const keys = accounts.plain;
  for (const [openid, eventKey] of [
    ["o_empty", ""],
    ["o_trade", "last_trade_no_4200000001"],
    ["o_prefix_only", "qrscene_"],
  ]) {
    const res = await push(app.baseUrl, keys, { openid, event: "subscribe", eventKey });
    assert.equal(res.status, 200);
    const [row] = await query(app.databaseUrl, "SELECT kind, qr_code_id FROM events WHERE account_id = $1 AND openid = $2", [
      keys.id,
      openid,
    ]);
    assert.equal(row.kind, "follow", eventKey);
    assert.equal(row.qr_code_id, null);
  }
});

test("hostile requests get 4xx and write nothing", async () => {
  const keys = accounts.plain;
  const before = await query(
    app.databaseUrl,
    "SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM processed_messages) AS p",
  );
  const now = String(Math.floor(Date.now() / 1000));
  const sign = (timestamp: string, nonce: string) => sha1Sorted([keys.token, timestamp, nonce]);
  const post = (qs: string, body: string) => fetch(`${app.baseUrl}/api/wechat/${keys.appId}?${qs}`, { method: "POST", body });
  const event = `<xml><ToUserName>gh_plain</ToUserName><FromUserName>o_evil</FromUserName><CreateTime>${now}</CreateTime><MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_riddle-1</EventKey></xml>`;

  assert.equal((await post(`signature=${"a".repeat(40)}&timestamp=${now}&nonce=1`, event)).status, 401);
  const stale = String(Number(now) - 3600);
  assert.equal((await post(`signature=${sign(stale, "1")}&timestamp=${stale}&nonce=1`, event)).status, 401);
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><FromUserName>&lol2;</FromUserName></xml>`;
  assert.equal((await post(`signature=${sign(now, "2")}&timestamp=${now}&nonce=2`, laughs)).status, 400);
  assert.equal((await post(`signature=${sign(now, "3")}&timestamp=${now}&nonce=3`, "<xml><unclosed></xml>")).status, 400);
  const huge = `<xml><Content>${"x".repeat(5 * 1024 * 1024)}</Content></xml>`;
  assert.equal((await post(`signature=${sign(now, "4")}&timestamp=${now}&nonce=4`, huge)).status, 413);
  assert.equal(
    (await fetch(`${app.baseUrl}/api/wechat/wx_nobody?signature=x&timestamp=${now}&nonce=5`, { method: "POST", body: event }))
      .status,
    404,
  );

  // encrypted for another appId: decrypts, but the appId inside does not match
  const safe = accounts.safe;
  const forged = buildPush({ ...safe, appId: "wx_someone_else" }, event.replace("gh_plain", "gh_safe"));
  const res = await fetch(`${app.baseUrl}/api/wechat/${safe.appId}?${forged.query}`, { method: "POST", body: forged.body });
  assert.equal(res.status, 400);
  // a plain request to a safe-mode account
  assert.equal(
    (
      await fetch(
        `${app.baseUrl}/api/wechat/${safe.appId}?signature=${sha1Sorted([safe.token, now, "6"])}&timestamp=${now}&nonce=6`,
        { method: "POST", body: event },
      )
    ).status,
    400,
  );

  const afterCounts = await query(
    app.databaseUrl,
    "SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM processed_messages) AS p",
  );
  assert.deepEqual(afterCounts, before);
});

test("events sharing a second but differing in Event or EventKey are all recorded", async () => {
  const keys = accounts.plain;
  const createTime = Math.floor(Date.now() / 1000) - 5;
  const openid = "o_same_second";
  await push(app.baseUrl, keys, { openid, event: "subscribe", eventKey: "qrscene_riddle-1", ticket: "t", createTime });
  await push(app.baseUrl, keys, { openid, event: "SCAN", eventKey: "riddle-1", ticket: "t", createTime });
  await push(app.baseUrl, keys, { openid, event: "SCAN", eventKey: "other-scene", ticket: "t", createTime });
  const rows = await query(app.databaseUrl, "SELECT count(*)::int AS n FROM events WHERE account_id = $1 AND openid = $2", [
    keys.id,
    openid,
  ]);
  assert.equal(rows[0].n, 3);
});

test("a re-follow through another code moves the attribution; unfollows count against the code of the moment", async () => {
  const { prisma } = await import("@/lib/db/client");
  const { getStats } = await import("@/lib/db/stats");
  // A separate account so the other tests' events do not mix in.
  const { upsertAccount } = await import("@/lib/db/accounts");
  const keys = { appId: "wx_attribution", token: "token_attr", encodingAesKey: null, mode: "plain" as const };
  const account = await upsertAccount({ ...keys, name: "attribution", appSecret: "s", originalId: "gh_attr" });
  const channel = await prisma.channel.create({ data: { accountId: account.id, name: "mall" } });
  for (const [name, sceneId] of [
    ["A", 11],
    ["B", 4294967295],
  ] as const) {
    await prisma.qrCode.create({
      data: {
        account: { connect: { id: account.id } },
        channel: { connect: { id: channel.id } },
        name,
        kind: "temporary",
        sceneId: BigInt(sceneId),
        ticket: name,
        url: `http://weixin.qq.com/q/${name}`,
        status: "active",
      },
    });
  }
  const peer = { ...keys, originalId: "gh_attr" };
  // fan 1: A → unfollow → B (the 32-bit maximum scene) → SCAN B → unfollow; fan 2: A, then SCAN A twice
  await push(app.baseUrl, peer, { openid: "fan1", event: "subscribe", eventKey: "qrscene_11", ticket: "A" });
  await push(app.baseUrl, peer, { openid: "fan1", event: "unsubscribe" });
  await push(app.baseUrl, peer, { openid: "fan1", event: "subscribe", eventKey: "qrscene_4294967295", ticket: "B" });
  await push(app.baseUrl, peer, { openid: "fan1", event: "SCAN", eventKey: "4294967295", ticket: "B" });
  await push(app.baseUrl, peer, { openid: "fan1", event: "unsubscribe" });
  await push(app.baseUrl, peer, { openid: "fan2", event: "subscribe", eventKey: "qrscene_11", ticket: "A" });
  await push(app.baseUrl, peer, { openid: "fan2", event: "SCAN", eventKey: "11", ticket: "A" });
  await push(app.baseUrl, peer, { openid: "fan2", event: "SCAN", eventKey: "11", ticket: "A" });

  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const stats = await getStats({ accountId: account.id, from, to: day, groupBy: "qrcode" });
  const byName = Object.fromEntries(stats.rows.map(({ label, key: _key, ...counts }) => [label, counts]));
  assert.deepEqual(byName.A, {
    scans: 4,
    uniqueScanners: 2,
    newFollows: 2,
    newFollowers: 2,
    unfollows: 1,
    unfollowers: 1,
    netFollows: 1,
  });
  assert.deepEqual(byName.B, {
    scans: 2,
    uniqueScanners: 1,
    newFollows: 1,
    newFollowers: 1,
    unfollows: 1,
    unfollowers: 1,
    netFollows: 0,
  });
  // fan 1 followed twice and unfollowed twice: one new follower, one unfollower
  assert.deepEqual(stats.totals, {
    scans: 6,
    uniqueScanners: 2,
    newFollows: 3,
    newFollowers: 2,
    unfollows: 2,
    unfollowers: 1,
    netFollows: 1,
  });
});
