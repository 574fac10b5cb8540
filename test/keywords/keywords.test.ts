import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import type { RunningApp } from "../helpers/app";
import { api, push } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { buildPush, cdata, generateEncodingAesKey, openReply, type AccountKeys } from "@/lib/wechat";

// Issue 10, point 4: a follower's text message gets the passive reply of the first matching keyword
// rule, through the running app's webhook; a retry of one MsgId gets the first answer again.

let app: RunningApp;
let tokens: Record<"operator" | "analyst" | "marketer", string>;
let accountId = 0;
const keys: AccountKeys & { originalId: string } = {
  appId: "wx_keyword_replies",
  token: "keywords",
  encodingAesKey: generateEncodingAesKey(),
  mode: "safe",
  originalId: "gh_keywords",
};

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ operator: "op", analyst: "an", marketer: "mk" }));
  const { upsertAccount } = await import("@/lib/db/accounts");
  accountId = (await upsertAccount({ ...keys, name: "Riddles", appSecret: "secret" })).id;
});
after(() => stopApp(app));

let msgId = 7_100_000_000_000_000_000n;
/** A follower's text message, as WeChat pushes it (safe mode: encrypted), and the reply it got, decrypted. */
async function sendText(content: string, opts: { openid?: string; createTime?: number; msgId?: bigint } = {}) {
  const id = opts.msgId ?? msgId++;
  const xml =
    `<xml><ToUserName>${cdata(keys.originalId)}</ToUserName><FromUserName>${cdata(opts.openid ?? "o_guesser")}</FromUserName>` +
    `<CreateTime>${opts.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType>${cdata("text")}</MsgType>` +
    `<Content>${cdata(content)}</Content><MsgId>${id}</MsgId></xml>`;
  const { query: q, body } = buildPush(keys, xml);
  const res = await fetch(`${app.baseUrl}/api/wechat/${keys.appId}?${q}`, { method: "POST", body });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const reply = openReply(keys, text, true);
  return { msgId: id, reply, content: typeof reply === "object" ? reply.Content : null };
}

const call = (token: string, path: string, method = "GET", body?: unknown) =>
  api(app.baseUrl, token, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const rulesOf = () => `/api/accounts/${accountId}/keywords`;
const addRule = (body: unknown, token = tokens.operator) => call(token, rulesOf(), "POST", body);
const text = (content: string) => ({ type: "text", content });

test("the first matching rule answers a text message; none → the no-match reply, else nothing; not an event", async () => {
  assert.equal((await sendText("moon")).reply, "success", "no rules, no no-match reply: WeChat shows nothing");
  const exact = await addRule({ match: "exact", keywords: ["Moon", "月亮"], reply: text("对了！It's the moon.") });
  assert.equal(exact.status, 201, JSON.stringify(exact.body));
  assert.equal(exact.body.position, 0);
  const hint = await addRule({ match: "contains", keywords: ["hint", "提示"], reply: text("It shines at night.") });
  assert.equal(hint.body.position, 1);

  assert.equal((await sendText("  MOON ")).content, "对了！It's the moon.");
  assert.equal((await sendText("月亮")).content, "对了！It's the moon.");
  assert.equal((await sendText("给个提示吧")).content, "It shines at night.");
  assert.equal((await sendText("the moon?")).reply, "success", "exact means the whole message");

  const noMatch = await call(tokens.operator, `/api/accounts/${accountId}/replies`, "PUT", { noMatch: text("不对 / not quite") });
  assert.equal(noMatch.status, 200, JSON.stringify(noMatch.body));
  assert.deepEqual(noMatch.body.noMatch, text("不对 / not quite"));
  assert.equal((await sendText("the sun")).content, "不对 / not quite");

  const events = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM events WHERE account_id = $1", [
    accountId,
  ]);
  assert.equal(events[0].n, 0, "text messages are answered, not counted as events");
});

test("a retry of one MsgId is answered as the first delivery was, even after the rule changed", async () => {
  const [rule] = (await call(tokens.operator, rulesOf())).body.items;
  const first = await sendText("moon", { msgId: 7_200_000_000_000_000_001n });
  const edited = await call(tokens.operator, `/api/keywords/${rule.id}`, "PATCH", { reply: text("Yes, the moon!") });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  const retry = await sendText("moon", { msgId: first.msgId, createTime: Math.floor(Date.now() / 1000) + 1 });
  assert.deepEqual(retry.reply, first.reply, "WeChat's retry gets the first answer");
  assert.equal((await sendText("moon")).content, "Yes, the moon!", "a new message gets the edited rule at once");
});

test("order, enabled flag and active hours (the account's time zone, across midnight) decide which rule answers", async () => {
  const night = await addRule({
    match: "contains",
    keywords: ["moon"],
    reply: text("Night owl!"),
    activeHours: { from: "22:00", to: "06:00" },
  });
  assert.equal(night.status, 201, JSON.stringify(night.body));
  assert.deepEqual(night.body.activeHours, { from: "22:00", to: "06:00" });
  const ids: number[] = (await call(tokens.operator, rulesOf())).body.items.map((r: { id: number }) => r.id);
  const order = await call(tokens.operator, `${rulesOf()}/order`, "POST", { ids: [night.body.id, ...ids.slice(0, -1)] });
  assert.equal(order.status, 200, JSON.stringify(order.body));
  assert.deepEqual(
    order.body.items.map((r: { id: number }) => r.id),
    [night.body.id, ...ids.slice(0, -1)],
  );

  // Asia/Shanghai (UTC+8): 15:30 UTC is 23:30 there, 04:00 UTC is 12:00.
  const day = Math.floor(Date.UTC(2026, 10, 30) / 1000);
  assert.equal((await sendText("moon", { createTime: day + 15.5 * 3600 })).content, "Night owl!");
  assert.equal(
    (await sendText("moon", { createTime: day + 4 * 3600 })).content,
    "Yes, the moon!",
    "outside its hours: the next rule",
  );

  assert.equal((await call(tokens.operator, `/api/keywords/${night.body.id}`, "PATCH", { enabled: false })).status, 200);
  assert.equal(
    (await sendText("moon", { createTime: day + 15.5 * 3600 })).content,
    "Yes, the moon!",
    "a disabled rule never answers",
  );

  const tried = await call(tokens.analyst, `${rulesOf()}/test`, "POST", { text: "moon", at: "2026-11-30T15:30:00Z" });
  assert.equal(tried.status, 200, JSON.stringify(tried.body));
  assert.equal(tried.body.source, "rule");
  assert.equal(tried.body.rule.keywords[0], "Moon");
  assert.equal(tried.body.localTime, "23:30");
  const missed = await call(tokens.analyst, `${rulesOf()}/test`, "POST", { text: "sun" });
  assert.deepEqual([missed.body.source, missed.body.reply], ["noMatch", text("不对 / not quite")]);

  const gone = await call(tokens.operator, `/api/keywords/${night.body.id}`, "DELETE");
  assert.equal(gone.status, 200);
  assert.equal((await call(tokens.operator, `/api/keywords/${night.body.id}`, "DELETE")).status, 404);
});

test("scans keep their replies while the account has keyword rules", async () => {
  const { setAccountReply } = await import("@/lib/db/replies");
  await setAccountReply(accountId, "follow", { type: "text", content: "欢迎！猜猜看：什么东西晚上才出来？" });
  const follow = await push(app.baseUrl, keys, { openid: "o_new", event: "subscribe" });
  assert.equal(follow.status, 200);
  assert.equal(follow.reply && typeof follow.reply === "object" && follow.reply.Content, "欢迎！猜猜看：什么东西晚上才出来？");
});

test("the API refuses bad input with a 400 naming the field, strangers with 403, and audits every change", async () => {
  const refused = async (body: unknown, field: string, path = rulesOf(), method = "POST") => {
    const res = await call(tokens.operator, path, method, body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
  };
  await refused({ match: "exact", keywords: [], reply: text("x") }, "keywords");
  await refused({ match: "exact", keywords: ["x".repeat(31)], reply: text("x") }, "keywords.0");
  await refused({ match: "fuzzy", keywords: ["x"], reply: text("x") }, "match");
  await refused({ match: "exact", keywords: ["x"], reply: text("") }, "reply.content");
  await refused(
    { match: "exact", keywords: ["x"], reply: text("x"), activeHours: { from: "9:00", to: "18:00" } },
    "activeHours.from",
  );
  await refused({ ids: [999_999] }, "ids", `${rulesOf()}/order`);
  await refused({ ids: [] }, "ids", `${rulesOf()}/order`);
  await refused({ text: 5 }, "text", `${rulesOf()}/test`);

  assert.equal((await addRule({ match: "exact", keywords: ["x"], reply: text("x") }, tokens.analyst)).status, 403);
  assert.equal((await addRule({ match: "exact", keywords: ["x"], reply: text("x") }, tokens.marketer)).status, 403);
  assert.equal((await call(tokens.analyst, rulesOf())).status, 200, "everyone may read");
  assert.equal((await call(tokens.operator, "/api/accounts/999999/keywords")).status, 404);

  const actions = await query<{ action: string }>(
    app.databaseUrl,
    "SELECT DISTINCT action FROM audit_entries WHERE action LIKE 'keyword.%' ORDER BY action",
  );
  assert.deepEqual(
    actions.map((a) => a.action),
    ["keyword.create", "keyword.delete", "keyword.reorder", "keyword.update"],
  );
});

test("an account has at most 200 rules: the 201st is a 409", async () => {
  await query(
    app.databaseUrl,
    `WITH r AS (INSERT INTO replies (type, content) SELECT 'text', 'filler ' || n FROM generate_series(1, 200) n RETURNING id)
     INSERT INTO keyword_rules (account_id, position, match, keywords, reply_id)
     SELECT $1, 100 + row_number() OVER (), 'exact', ARRAY['filler ' || id], id FROM r`,
    [accountId],
  );
  const res = await addRule({ match: "exact", keywords: ["one more"], reply: text("x") });
  assert.equal(res.status, 409, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "too_many_rules");
});
