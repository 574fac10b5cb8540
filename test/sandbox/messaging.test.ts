import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { freshDatabase, query } from "../helpers/database";

// The sandbox's tags and customer-service messages driven through the app's real WeChat client,
// over HTTP, against the real route handlers (served by node:http) and a fresh database. A stand-in
// webhook answers the simulator's pushes, so the sandbox sees each passive reply as WeChat would.
// The window rules that need another clock are checked on the framework-neutral functions.

process.env.ENCRYPTION_KEY = "test-key";
let databaseUrl = "";
let server: http.Server;
let origin = "";
let apiBase = "";
let accountId = 0;
let adminToken = "";
let analystToken = "";

const APP = { appId: "wxsandboxmsg00001", secret: "secret-msg-0123456789abcdef01234" };

/** What the stand-in webhook answers next ("success", or a text reply), and the pushes it got. */
let webhookReply = "success";
const pushes: string[] = [];
/** Run while the stand-in webhook answers a push (follow-up work racing the passive reply). */
let duringPush: (() => Promise<void>) | null = null;

type Lib = {
  wechat: typeof import("@/lib/wechat");
  store: typeof import("@/lib/db/access-tokens");
  simulator: typeof import("@/lib/scans/simulator");
  interactions: typeof import("@/lib/sandbox/interactions");
  messaging: typeof import("@/lib/sandbox/messaging-api");
  faults: typeof import("@/lib/sandbox/faults");
  account: import("@/lib/db/accounts").AccountRecord;
};
let lib: Lib;

type Handler = (request: Request, route?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function serveRoutes(): Promise<http.Server> {
  const stable = await import("@/app/api/sandbox/cgi-bin/stable_token/route");
  const tagsGet = await import("@/app/api/sandbox/cgi-bin/tags/get/route");
  const tagsCreate = await import("@/app/api/sandbox/cgi-bin/tags/create/route");
  const batch = await import("@/app/api/sandbox/cgi-bin/tags/members/batchtagging/route");
  const idList = await import("@/app/api/sandbox/cgi-bin/tags/getidlist/route");
  const send = await import("@/app/api/sandbox/cgi-bin/message/custom/send/route");
  const follower = await import("@/app/api/sandbox/followers/[openid]/route");
  const routes: Record<string, Record<string, Handler>> = {
    "/api/sandbox/cgi-bin/stable_token": { POST: stable.POST },
    "/api/sandbox/cgi-bin/tags/get": { GET: tagsGet.GET, POST: tagsGet.POST },
    "/api/sandbox/cgi-bin/tags/create": { POST: tagsCreate.POST, GET: tagsCreate.GET },
    "/api/sandbox/cgi-bin/tags/members/batchtagging": { POST: batch.POST },
    "/api/sandbox/cgi-bin/tags/getidlist": { POST: idList.POST },
    "/api/sandbox/cgi-bin/message/custom/send": { POST: send.POST },
  };
  const srv = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      if (url.pathname === "/webhook") {
        pushes.push(Buffer.concat(chunks).toString("utf8"));
        await duringPush?.();
        res.writeHead(200, { "content-type": "text/xml" }).end(webhookReply);
        return;
      }
      const followerPath = /^\/api\/sandbox\/followers\/([^/]+)$/.exec(url.pathname);
      const handler = followerPath ? follower.GET : routes[url.pathname]?.[req.method ?? "GET"];
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined;
      const params = Promise.resolve<Record<string, string>>(followerPath ? { openid: decodeURIComponent(followerPath[1]) } : {});
      const response = await handler(new Request(url, { method: req.method, headers, body }), { params });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return srv;
}

before(async () => {
  databaseUrl = await freshDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { upsertAccount } = await import("@/lib/db/accounts");
  const account = await upsertAccount({
    appId: APP.appId,
    name: "Sandbox M",
    appSecret: APP.secret,
    token: "tok-m",
    sandbox: true,
  });
  accountId = account.id;
  const { createApiToken } = await import("@/lib/db/api-tokens");
  adminToken = (await createApiToken({ role: "admin", name: "admin" })).token;
  analystToken = (await createApiToken({ role: "analyst", name: "analyst" })).token;
  lib = {
    wechat: await import("@/lib/wechat"),
    store: await import("@/lib/db/access-tokens"),
    simulator: await import("@/lib/scans/simulator"),
    interactions: await import("@/lib/sandbox/interactions"),
    messaging: await import("@/lib/sandbox/messaging-api"),
    faults: await import("@/lib/sandbox/faults"),
    account,
  };
  server = await serveRoutes();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  apiBase = `${origin}/api/sandbox`;
});

after(async () => {
  await new Promise((resolve) => server?.close(resolve));
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

function client() {
  return new lib.wechat.WeChatApiClient({
    apiBase,
    appId: APP.appId,
    appSecret: APP.secret,
    tokens: lib.store.accessTokenStore(accountId),
    sleep: async () => {},
  });
}

const passiveText = (content: string) =>
  `<xml><ToUserName><![CDATA[o]]></ToUserName><FromUserName><![CDATA[gh_x]]></FromUserName><CreateTime>1</CreateTime>` +
  `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content></xml>`;

/** A follower follows (or sends a text) through the simulator; the webhook stand-in answers `reply`. */
async function follows(openid: string, reply: string) {
  webhookReply = reply;
  const delivery = {
    account: lib.account,
    webhookUrl: `${origin}/webhook`,
    onPush: lib.interactions.recordSandboxDelivery(APP.appId),
  };
  return lib.simulator.simulatePlainFollow({ ...delivery, openid });
}

async function errcodeOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof lib.wechat.WeChatApiError, String(err));
    return err.errcode;
  }
  return 0;
}

const hi = { type: "text", content: "hi" } as const;

async function sendAt(openid: string, at: number, body: Record<string, unknown> = { msgtype: "text", text: { content: "hi" } }) {
  const token = await client().getAccessToken();
  const res = await lib.messaging.customSendApi(
    new URLSearchParams({ access_token: token }),
    JSON.stringify({ touser: openid, ...body }),
    {
      now: () => at,
    },
  );
  return res.json.errcode as number;
}

test("after a follow answered with a message, two custom messages go through and the third is 45047; after 60 s 45015", async () => {
  const followedAt = Date.now();
  const delivered = await follows("oFollowerWithReply", passiveText("welcome"));
  assert.equal(delivered.status, 200);
  const c = client();
  await c.sendCustomMessage("oFollowerWithReply", { type: "text", content: "second" });
  await c.sendCustomMessage("oFollowerWithReply", { type: "image", mediaId: "MEDIA_ID_1" });
  assert.equal(await errcodeOf(c.sendCustomMessage("oFollowerWithReply", hi)), 45047, "the passive reply was one of the three");
  assert.equal(await sendAt("oFollowerWithReply", followedAt + 61_000), 45015, "the window closed 60 s after the follow");

  const view = await fetch(`${apiBase}/followers/oFollowerWithReply?appId=${APP.appId}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  assert.equal(view.status, 200);
  const body = await view.json();
  assert.equal(body.following, true);
  assert.deepEqual(
    body.messages.map((m: any) => [m.origin, m.msgtype, m.content.Content ?? m.content.content ?? m.content.media_id]),
    [
      ["passive", "text", "welcome"],
      ["custom", "text", "second"],
      ["custom", "image", "MEDIA_ID_1"],
    ],
    "the follower received the whole sequence, in order, and nothing refused",
  );
  assert.deepEqual(
    body.interactions.map((i: any) => i.kind),
    ["subscribe"],
  );
});

test("a custom message sent while the webhook is still answering the follow is accepted: WeChat knew of the follow first", async () => {
  let during = -1;
  duringPush = async () => {
    during = await errcodeOf(client().sendCustomMessage("oRacer", { type: "text", content: "fast follow-up" }));
  };
  try {
    await follows("oRacer", passiveText("welcome"));
  } finally {
    duringPush = null;
  }
  assert.equal(during, 0, "not 43004: the follow was recorded before the push");
  await client().sendCustomMessage("oRacer", hi);
  assert.equal(await errcodeOf(client().sendCustomMessage("oRacer", hi)), 45047, "the passive reply still counts once it came");
});

test("after a follow answered 'success' three custom messages go through, the fourth is 45047", async () => {
  await follows("oFollowerSilent", "success");
  const c = client();
  for (let i = 0; i < 3; i++) await c.sendCustomMessage("oFollowerSilent", { type: "text", content: `m${i}` });
  assert.equal(await errcodeOf(c.sendCustomMessage("oFollowerSilent", hi)), 45047);
});

test("a follower's text message reaches the webhook as WeChat's and opens 20 messages within 48 h", async () => {
  await follows("oTalker", "success");
  webhookReply = passiveText("keyword answer");
  pushes.length = 0;
  const sentAt = Date.now();
  const result = await lib.simulator.simulateTextMessage({
    account: lib.account,
    webhookUrl: `${origin}/webhook`,
    onPush: lib.interactions.recordSandboxDelivery(APP.appId),
    openid: "oTalker",
    text: "答案",
    msgId: "23456789012345678",
  });
  assert.deepEqual(typeof result.reply === "object" && result.reply.Content, "keyword answer");
  assert.match(
    pushes[0],
    /<MsgType><!\[CDATA\[text\]\]><\/MsgType><Content><!\[CDATA\[答案\]\]><\/Content><MsgId>23456789012345678<\/MsgId>/,
  );

  // The event window's 3 and the message window's 20 are separate allowances.
  const at = sentAt + 120_000; // the follow's 60 s are over: only the message window is open
  for (let i = 0; i < 20; i++) assert.equal(await sendAt("oTalker", at + i), 0, `message ${i + 1}`);
  assert.equal(await sendAt("oTalker", at + 30), 45047);
  // A message older than 48 h leaves no window (its token would have expired on a moved clock).
  await lib.interactions.recordInteraction(APP.appId, {
    openid: "oTalkedLongAgo",
    kind: "text",
    at: sentAt - 48 * 3600_000 - 1000,
    reply: "success",
  });
  assert.equal(await sendAt("oTalkedLongAgo", sentAt), 45015);
});

test("43004 for an openid that never followed or unfollowed; the message's form is checked as WeChat does", async () => {
  const c = client();
  assert.equal(await errcodeOf(c.sendCustomMessage("oStranger", hi)), 43004);
  await follows("oLeaver", "success");
  await lib.simulator.simulateUnfollow({
    account: lib.account,
    webhookUrl: `${origin}/webhook`,
    onPush: lib.interactions.recordSandboxDelivery(APP.appId),
    openid: "oLeaver",
  });
  assert.equal(await errcodeOf(c.sendCustomMessage("oLeaver", hi)), 43004);

  await follows("oFormChecks", "success");
  const now = Date.now();
  assert.equal(await sendAt("bad openid!", now), 40003);
  assert.equal(await sendAt("oFormChecks", now, { msgtype: "voice", voice: { media_id: "X" } }), 40008);
  assert.equal(await sendAt("oFormChecks", now, { msgtype: "text", text: { content: "x".repeat(2049) } }), 45002);
  assert.equal(await sendAt("oFormChecks", now, { msgtype: "image", image: { media_id: "" } }), 40007);
  const article = { title: "t", url: "https://e.example/" };
  assert.equal(await sendAt("oFormChecks", now, { msgtype: "news", news: { articles: [article, article] } }), 45008);
  assert.equal(await sendAt("oFormChecks", now, { msgtype: "news", news: { articles: [article] } }), 0);
  const card = { title: "c", appid: "wxMINI", pagepath: "pages/index", thumb_media_id: "THUMB" };
  assert.equal(await sendAt("oFormChecks", now, { msgtype: "miniprogrampage", miniprogrampage: card }), 0);
  const refused = await query<{ n: number }>(
    databaseUrl,
    "SELECT count(*)::int AS n FROM sandbox_messages WHERE openid IN ('oStranger', 'oLeaver') OR (openid = 'oFormChecks' AND origin = 'custom')",
  );
  assert.equal(refused[0].n, 2, "a refused message is not delivered and spends no quota");
});

test("tags: create, 45157 taken, 45158 too long, 40032 more than 50 openids, 40003 unknown, 45159, 45059 at 20 per user", async () => {
  const c = client();
  for (const openid of ["oTagged1", "oTagged2"]) await follows(openid, "success");
  const tag = await c.createTag("渠道A");
  assert.ok(tag.id >= 100, "ids of created tags start at 100 like WeChat's");
  assert.equal(await errcodeOf(c.createTag("渠道A")), 45157);
  const token = await c.getAccessToken();
  const raw = (api: string, body: unknown) =>
    fetch(`${apiBase}/cgi-bin/${api}?access_token=${encodeURIComponent(token)}`, {
      method: "POST",
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<any>);
  assert.equal((await raw("tags/create", { tag: { name: "一二三四五六七八九十一" } })).errcode, 45158);

  await c.batchTagging(tag.id, ["oTagged1", "oTagged2", "oTagged1"]);
  await c.batchTagging(tag.id, ["oTagged1"]);
  assert.deepEqual(await c.getUserTagIds("oTagged1"), [tag.id]);
  assert.deepEqual(
    (await c.getTags()).find((t) => t.id === tag.id),
    { id: tag.id, name: "渠道A", count: 2 },
    "tagging again changes nothing",
  );
  const many = Array.from({ length: 51 }, (_, i) => `oTagged${i}`);
  assert.equal((await raw("tags/members/batchtagging", { openid_list: many, tagid: tag.id })).errcode, 40032);
  assert.equal((await raw("tags/members/batchtagging", { openid_list: [], tagid: tag.id })).errcode, 40032);
  assert.equal(await errcodeOf(c.batchTagging(tag.id, ["oNeverSeen"])), 40003);
  assert.equal(await errcodeOf(c.batchTagging(99_999, ["oTagged1"])), 45159);
  assert.equal(await errcodeOf(c.getUserTagIds("oNeverSeen")), 40003);

  // oTagged1 carries 20 tags: a 21st is refused for the whole batch (oTagged2 is not tagged either).
  const more: number[] = [];
  for (let i = 0; i < 20; i++) more.push((await c.createTag(`more-${i}`)).id);
  for (const id of more.slice(0, 19)) await c.batchTagging(id, ["oTagged1"]);
  assert.equal((await c.getUserTagIds("oTagged1")).length, 20);
  assert.equal(await errcodeOf(c.batchTagging(more[19], ["oTagged2", "oTagged1"])), 45059);
  assert.deepEqual(await c.getUserTagIds("oTagged2"), [tag.id]);
});

test("tags: the account's 100th tag is created, the 101st is 45056", async () => {
  const c = client();
  const have = (await c.getTags()).length;
  await query(
    databaseUrl,
    `INSERT INTO sandbox_tags (app_id, id, name) SELECT $1, 1000 + g, 'filler-' || g FROM generate_series(1, $2::int) g`,
    [APP.appId, 99 - have],
  );
  assert.ok((await c.createTag("the-100th")).id > 1000);
  assert.equal(await errcodeOf(c.createTag("the-101st")), 45056);
});

test("faults are injectable on the new APIs: busy is retried through, others reach the caller", async () => {
  const c = client();
  await follows("oFaulty", "success");
  await lib.faults.injectFault(APP.appId, "message/custom/send", -1, undefined, 2);
  await c.sendCustomMessage("oFaulty", hi);
  await lib.faults.injectFault(APP.appId, "tags/get", 45009);
  assert.equal(await errcodeOf(c.getTags()), 45009);
  await lib.faults.injectFault(APP.appId, "tags/members/batchtagging", 40001);
  const before = await c.getAccessToken();
  await assert.rejects(
    c.batchTagging(123_456, ["oFaulty"]),
    (e: any) => e.errcode === 45159,
    "renewed once, then WeChat's own answer",
  );
  assert.notEqual(await c.getAccessToken(), before);
  await lib.faults.injectFault(APP.appId, "tags/create", 45056);
  assert.equal(await errcodeOf(c.createTag("free")), 45056);
  assert.equal(
    await errcodeOf(c.createTag("free")),
    45056,
    "the fault is used up: the account, full since the test before, refuses on its own",
  );
});

test("the follower view: admin and operator only, the openid checked, a sandbox account only", async () => {
  const get = (path: string, token: string) =>
    fetch(`${apiBase}/followers/${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal((await get(`oFaulty?appId=${APP.appId}`, analystToken)).status, 403);
  const bad = await get(`bad%20openid?appId=${APP.appId}`, adminToken);
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.field, "openid");
  assert.equal((await get("oFaulty?appId=wxnotasandbox00", adminToken)).status, 404);
  const missing = await get("oFaulty", adminToken);
  assert.equal(missing.status, 400);
  const stranger = await (await get(`oNobody?appId=${APP.appId}`, adminToken)).json();
  assert.deepEqual(stranger, { appId: APP.appId, openid: "oNobody", following: false, interactions: [], messages: [], tags: [] });
});
