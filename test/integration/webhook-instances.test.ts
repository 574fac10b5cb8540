import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { createApiTokens, stopApp } from "../helpers/app-with-tokens";
import { api, push } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { buildEventXml, buildPush, generateEncodingAesKey, openReply, type AccountKeys } from "@/lib/wechat";

// Two instances of the production server on one database, as behind a load balancer: each keeps
// keys, scenes and replies in memory and records pushes in group commits.

let a: RunningApp;
let b: RunningApp;
let tokens: { admin: string; operator: string };
let codeId = 0;
const keys: AccountKeys & { id: number; originalId: string } = {
  appId: "wx_instances",
  token: "tokenOne",
  encodingAesKey: null,
  mode: "plain",
  id: 0,
  originalId: "gh_instances",
};

before(async () => {
  a = await startApp();
  b = await startApp(); // the same DATABASE_URL: startApp reuses the one the first set
  tokens = await createApiTokens({ admin: "admin", operator: "operator" });
  const { upsertAccount } = await import("@/lib/db/accounts");
  keys.id = (await upsertAccount({ ...keys, name: "instances", appSecret: "s" })).id;
  codeId = await seedActiveCode({ accountId: keys.id, channel: "海报", name: "谜语", sceneStr: "riddle", reply: "答案：月亮" });
});

after(async () => {
  await b?.stop();
  await stopApp(a);
});

const content = (reply: unknown) => (reply as Record<string, string> | null)?.Content;
let fan = 0;
const scan = (app: RunningApp) =>
  push(app.baseUrl, keys, { openid: `o_fan_${++fan}`, event: "subscribe", eventKey: "qrscene_riddle", ticket: "t" });

test("a reply edited through one instance is the reply of the very next scan on every instance", async () => {
  // Both instances have the code and its reply in memory now.
  assert.equal(content((await scan(a)).reply), "答案：月亮");
  assert.equal(content((await scan(b)).reply), "答案：月亮");

  for (const [edit, next] of [
    [a, b],
    [b, a],
    [a, a],
  ] as const) {
    const answer = `答案 ${fan}`;
    const put = await api(edit.baseUrl, tokens.operator, `/api/qrcodes/${codeId}/reply`, {
      method: "PUT",
      body: JSON.stringify({ type: "text", content: answer }),
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(content((await scan(next)).reply), answer, "the next scan, at once, on the other instance too");
  }

  // The account's welcome, for a plain follow, likewise.
  const welcome = await api(a.baseUrl, tokens.operator, `/api/accounts/${keys.id}/replies`, {
    method: "PUT",
    body: JSON.stringify({ follow: { type: "text", content: "欢迎！" } }),
  });
  assert.equal(welcome.status, 200);
  assert.equal(content((await push(b.baseUrl, keys, { openid: "o_plain_follow", event: "subscribe" })).reply), "欢迎！");
});

test("a new Token saved through one instance is accepted by the other at once", async () => {
  assert.equal((await scan(b)).status, 200);
  const patch = await api(a.baseUrl, tokens.admin, `/api/accounts/${keys.id}`, {
    method: "PATCH",
    body: JSON.stringify({ token: "tokenTwo" }),
  });
  assert.equal(patch.status, 200, JSON.stringify(patch.body));
  keys.token = "tokenTwo";
  assert.equal((await scan(b)).status, 200, "signed with the new Token");
  const old = await push(
    b.baseUrl,
    { ...keys, token: "tokenOne" },
    { openid: "o_old_token", event: "subscribe", eventKey: "qrscene_riddle" },
  );
  assert.equal(old.status, 401, "signed with the old one");
});

test("WeChat's retries landing on both instances at once are recorded once and all get the same reply", async () => {
  const now = Math.floor(Date.now() / 1000);
  const deliveries = Array.from({ length: 20 }, (_, i) => {
    const xml = buildEventXml({
      toUser: keys.originalId,
      fromUser: `o_retry_${i}`,
      createTime: now - i,
      event: "subscribe",
      eventKey: "qrscene_riddle",
      ticket: "t",
    });
    return buildPush(keys, xml);
  });
  // Each event three times, to alternating instances, all in flight together.
  const answers = await Promise.all(
    deliveries.flatMap((d, i) =>
      [a, b, i % 2 ? a : b].map(async (app) => {
        const res = await fetch(`${app.baseUrl}/api/wechat/${keys.appId}?${d.query}`, { method: "POST", body: d.body });
        return { i, status: res.status, reply: openReply(keys, await res.text(), false) };
      }),
    ),
  );
  for (const answer of answers) assert.equal(answer.status, 200);
  for (let i = 0; i < deliveries.length; i++) {
    const replies = answers.filter((x) => x.i === i).map((x) => x.reply);
    assert.deepEqual(replies[1], replies[0]);
    assert.deepEqual(replies[2], replies[0]);
  }
  const rows = await query<{ openid: string; n: number }>(
    a.databaseUrl,
    "SELECT openid, count(*)::int AS n FROM events WHERE openid LIKE 'o_retry_%' GROUP BY openid",
  );
  assert.equal(rows.length, deliveries.length);
  assert.ok(
    rows.every((r) => r.n === 1),
    JSON.stringify(rows),
  );
});

test("pushes arriving together are each recorded once and each answered with its own reply", async () => {
  const openids = Array.from({ length: 300 }, (_, i) => `o_burst_${i}`);
  const answers = await Promise.all(
    openids.map((openid) => push(a.baseUrl, keys, { openid, event: "subscribe", eventKey: "qrscene_riddle", ticket: "t" })),
  );
  answers.forEach((answer, i) => {
    assert.equal(answer.status, 200);
    assert.equal((answer.reply as Record<string, string>).ToUserName, openids[i], "each reply is addressed to its own follower");
  });
  const rows = await query<{ n: number; followers: number }>(
    a.databaseUrl,
    "SELECT count(*)::int AS n, count(DISTINCT openid)::int AS followers FROM events WHERE openid LIKE 'o_burst_%'",
  );
  assert.deepEqual(rows[0], { n: 300, followers: 300 });
});

test("a push the database refuses fails alone: the others of its batch are recorded and answered", async () => {
  // A real refusal from PostgreSQL for one follower (this test's own database, this test only).
  await query(
    a.databaseUrl,
    `CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.openid = 'o_poison' THEN RAISE EXCEPTION 'refused' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$`,
  );
  await query(
    a.databaseUrl,
    "CREATE TRIGGER refuse_poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_poison()",
  );
  try {
    const openids = [...Array.from({ length: 40 }, (_, i) => `o_batch_${i}`), "o_poison"];
    const answers = await Promise.all(
      openids.map((openid) => push(a.baseUrl, keys, { openid, event: "subscribe", eventKey: "qrscene_riddle", ticket: "t" })),
    );
    const poison = answers.at(-1)!;
    assert.equal(poison.status, 500, "WeChat will retry it");
    assert.ok(answers.slice(0, -1).every((x) => x.status === 200));
    const rows = await query<{ openid: string }>(
      a.databaseUrl,
      "SELECT openid FROM events WHERE openid LIKE 'o_batch_%' OR openid = 'o_poison'",
    );
    assert.equal(rows.length, 40);
    const kept = await query<{ n: number }>(
      a.databaseUrl,
      "SELECT count(*)::int AS n FROM processed_messages WHERE reply_xml LIKE '%o_poison%'",
    );
    assert.equal(kept[0].n, 0, "nothing of the refused push was kept");
  } finally {
    await query(a.databaseUrl, "DROP TRIGGER refuse_poison ON events; DROP FUNCTION refuse_poison()");
  }
});

test("safe mode through both instances: replies are sealed for the account", async () => {
  const { upsertAccount } = await import("@/lib/db/accounts");
  const { setAccountReply } = await import("@/lib/db/replies");
  const safe = {
    appId: "wx_instances_safe",
    token: "safe_token",
    encodingAesKey: generateEncodingAesKey(),
    mode: "safe" as const,
    originalId: "gh_safe",
  };
  const { id } = await upsertAccount({ ...safe, name: "safe", appSecret: "s" });
  await setAccountReply(id, "follow", { type: "text", content: "欢迎关注" });
  for (const [i, app] of [a, b].entries()) {
    const res = await push(app.baseUrl, safe, { openid: `o_safe_${i}`, event: "subscribe" });
    assert.equal(res.status, 200);
    assert.match(res.text, /<Encrypt>/);
    assert.equal(content(res.reply), "欢迎关注");
  }
});
