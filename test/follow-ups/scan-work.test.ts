import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { scanShownCode } from "../helpers/scan-shown-code";
import { forwardReceiver } from "../helpers/forward-receiver";
import { createApiTokens } from "../helpers/app-with-tokens";
import { LOOPBACK_PEERS_ENV } from "../helpers/wechat-peer";
import { verifyForward } from "@/lib/forwarding/signature";

// Issue 10, points 2, 3 and 7: scans through two instances sharing one database, with channel
// tags and a welcome-first sequence, and WeChat (the sandbox) failing in the middle. Afterwards
// WeChat has every follower tagged and every message once, in order, within its quota, a CRM got
// every event once with a valid signature, and the queue is drained.

let one: RunningApp;
let two: RunningApp;
let tokens: Record<"admin" | "marketer" | "operator", string>;
let code: { id: number; url: string; accountId: number };
let appId = "";
let secret = "";
const crm = await forwardReceiver();

const FOLLOWERS = 24;
const openid = (i: number) => `o_work_${String(i).padStart(2, "0")}`;

async function call(path: string, method: string, body: unknown, token = tokens.admin) {
  const res = await api(one.baseUrl, token, path, { method, body: JSON.stringify(body) });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  one = await startApp({ ...LOOPBACK_PEERS_ENV });
  tokens = await createApiTokens({ admin: "a", marketer: "m", operator: "o" });
  two = await startApp({ ...LOOPBACK_PEERS_ENV }); // the same database: a second instance
  code = await call(
    "/api/qrcodes",
    "POST",
    { name: "谜语海报", channel: "地铁", kind: "temporary", reply: { type: "text", content: "谜面：一口咬掉牛尾巴" } },
    tokens.marketer,
  );
  appId = (await query<{ app_id: string }>(one.databaseUrl, "SELECT app_id FROM accounts WHERE id = $1", [code.accountId]))[0]!
    .app_id;
  const [channel] = await query<{ id: number }>(one.databaseUrl, "SELECT channel_id AS id FROM qr_codes WHERE id = $1", [
    code.id,
  ]);
  await call(`/api/channels/${channel!.id}/tags`, "PUT", { tags: ["地铁", "春季"] }, tokens.marketer);
  await call(`/api/qrcodes/${code.id}/tags`, "PUT", { tags: ["海报A", "地铁"] }, tokens.marketer);
  await call(
    `/api/accounts/${code.accountId}/replies`,
    "PUT",
    { follow: { type: "text", content: "欢迎关注！" } },
    tokens.operator,
  );
  await call(
    `/api/qrcodes/${code.id}/follow-ups`,
    "PUT",
    { welcomeFirst: true, messages: [{ type: "text", content: "提示：是个字" }] },
    tokens.operator,
  );
  secret = (await call("/api/forwarding/endpoints", "POST", { url: crm.url("/crm") })).secret;
});

after(async () => {
  await crm.close();
  await stopApp(two);
  await stopApp(one);
});

test("the API refuses what WeChat would: 21 tags, a 31-byte tag, three follow-ups, a news without a link", async () => {
  const put = (path: string, body: unknown) =>
    api(one.baseUrl, tokens.admin, path, { method: "PUT", body: JSON.stringify(body) }).then((r) => [
      r.status,
      r.body.error?.field,
    ]);
  assert.deepEqual(await put(`/api/qrcodes/${code.id}/tags`, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), [
    400,
    "tags",
  ]);
  assert.deepEqual(await put(`/api/qrcodes/${code.id}/tags`, { tags: ["一二三四五六七八九十一"] }), [400, "tags.0"]);
  const three = Array.from({ length: 3 }, () => ({ type: "text", content: "x" }));
  assert.deepEqual(await put(`/api/qrcodes/${code.id}/follow-ups`, { welcomeFirst: false, messages: three }), [400, "messages"]);
  assert.deepEqual(
    await put(`/api/qrcodes/${code.id}/follow-ups`, { welcomeFirst: true, messages: three.slice(0, 2) }),
    [400, "messages"],
    "the welcome first leaves room for one",
  );
  assert.deepEqual(
    await put(`/api/qrcodes/${code.id}/follow-ups`, { welcomeFirst: false, messages: [{ type: "news", title: "t" }] }),
    [400, "messages.0.url"],
  );
  const read = await api(one.baseUrl, tokens.admin, `/api/qrcodes/${code.id}/follow-ups`);
  assert.deepEqual(read.body, { welcomeFirst: true, messages: [{ type: "text", content: "提示：是个字" }] }, "nothing changed");
  const tags = await api(one.baseUrl, tokens.admin, `/api/qrcodes/${code.id}/tags`);
  assert.deepEqual(tags.body, { tags: ["海报A", "地铁"], channelTags: ["地铁", "春季"] });
});

test("scans on two instances with WeChat failing midway: every follower tagged, every message once, in order, the queue drained", async () => {
  const scan = (i: number) => scanShownCode(i % 2 ? two.baseUrl : one.baseUrl, one.databaseUrl, code.url, openid(i), i % 3 === 0);
  const first = await Promise.all(Array.from({ length: FOLLOWERS / 2 }, (_, i) => scan(i)));
  // WeChat is busy for longer than the client's own back-off (4 attempts a call, calls of both instances at once), for tagging and for messages.
  await call("/api/sandbox/faults", "POST", { appId, api: "tags/members/batchtagging", errcode: -1, times: 12 });
  await call("/api/sandbox/faults", "POST", { appId, api: "message/custom/send", errcode: -1, times: 12 });
  const second = await Promise.all(Array.from({ length: FOLLOWERS / 2 }, (_, i) => scan(FOLLOWERS / 2 + i)));
  for (const [i, delivery] of [...first, ...second].entries()) {
    const followed = i % 3 !== 0;
    assert.equal(
      delivery.reply === "" || delivery.reply === "success" ? "" : delivery.reply.Content,
      followed ? "欢迎关注！" : "谜面：一口咬掉牛尾巴",
    );
  }

  const pending = await until(
    () => api(one.baseUrl, tokens.admin, "/api/jobs?view=pending").then((r) => r.body),
    (body) => body.items.length === 0,
  );
  assert.deepEqual(pending.items, [], "the queue drains once WeChat answers again");
  const [faults] = await query<{ left: number }>(
    one.databaseUrl,
    "SELECT coalesce(sum(remaining), 0)::int AS left FROM sandbox_faults",
  );
  assert.equal(faults!.left, 0, "WeChat's failures were met (and outlasted)");
  const failed = await api(one.baseUrl, tokens.admin, "/api/jobs?view=failed");
  assert.deepEqual(failed.body.items, [], "nothing given up");

  const tagged = await query<{ openid: string; tags: string[] }>(
    one.databaseUrl,
    `SELECT u.openid, array_agg(t.name ORDER BY t.name) AS tags FROM sandbox_user_tags u
       JOIN sandbox_tags t ON t.app_id = u.app_id AND t.id = u.tag_id WHERE u.app_id = $1 GROUP BY u.openid ORDER BY u.openid`,
    [appId],
  );
  assert.equal(tagged.length, FOLLOWERS);
  for (const row of tagged) assert.deepEqual(row.tags, ["地铁", "春季", "海报A"].sort(), row.openid);

  const received = await query<{ openid: string; seq: string[] }>(
    one.databaseUrl,
    `SELECT openid, array_agg(origin || ':' || coalesce(content->>'Content', content->>'content', msgtype) ORDER BY id) AS seq
       FROM sandbox_messages WHERE app_id = $1 AND openid LIKE 'o_work_%' GROUP BY openid ORDER BY openid`,
    [appId],
  );
  assert.equal(received.length, FOLLOWERS);
  for (const [i, row] of received.entries()) {
    const followed = i % 3 !== 0;
    assert.deepEqual(
      row.seq,
      followed
        ? ["passive:欢迎关注！", "custom:谜面：一口咬掉牛尾巴", "custom:提示：是个字"]
        : ["passive:谜面：一口咬掉牛尾巴", "custom:提示：是个字"],
      row.openid,
    );
  }
  const events = await query<{ id: string }>(one.databaseUrl, "SELECT id::text FROM events WHERE openid LIKE 'o_work_%'");
  assert.equal(events.length, FOLLOWERS);
  const forwarded = crm.received.map((r) => {
    const headers = { timestamp: r.headers["x-qudao-timestamp"] as string, signature: r.headers["x-qudao-signature"] as string };
    assert.ok(verifyForward(secret, headers, r.body), "signature valid");
    return JSON.parse(r.body).id as string;
  });
  assert.deepEqual(forwarded.sort(), events.map((e) => e.id).sort(), "the CRM got every event once");
  const done = await api(one.baseUrl, tokens.admin, "/api/jobs?view=done&queue=follow-up");
  assert.equal(done.body.counts["follow-up"].done, FOLLOWERS);
  assert.ok(done.body.counts.tagging.done >= 1);
});

test("an operator's test scan tells its follow-ups and their delivery; on the sandbox it counts (and tags) like any scan", async () => {
  const scan = await api(one.baseUrl, tokens.operator, `/api/qrcodes/${code.id}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid: "o_work_tester", follower: false }),
  });
  assert.equal(scan.status, 200, JSON.stringify(scan.body));
  assert.equal(scan.body.reply.Content, "欢迎关注！", "welcome first");
  assert.deepEqual(scan.body.followUps, [
    { type: "text", content: "谜面：一口咬掉牛尾巴" },
    { type: "text", content: "提示：是个字" },
  ]);
  assert.match(scan.body.eventId ?? "", /^\d+$/);
  const deliveries = await until(
    () => api(one.baseUrl, tokens.operator, `/api/events/${scan.body.eventId}/follow-ups`).then((r) => r.body.deliveries),
    (d: { position: number; status: string }[]) => d.length === 2,
  );
  assert.deepEqual(
    deliveries.map((d: { position: number; status: string }) => [d.position, d.status]),
    [
      [1, "sent"],
      [2, "sent"],
    ],
  );
  const tagged = await until(
    () => query(one.databaseUrl, "SELECT tag_id FROM sandbox_user_tags WHERE openid = 'o_work_tester'"),
    (rows) => rows.length === 3,
  );
  assert.equal(tagged.length, 3, "the sandbox counts test scans: tagged like the rest");
  assert.equal((await api(one.baseUrl, tokens.operator, "/api/events/99999999999999999999/follow-ups")).status, 400);
});
