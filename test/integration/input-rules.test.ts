import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { encode } from "next-auth/jwt";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import { seedActiveCode } from "../helpers/seed";
import { api } from "../helpers/wechat-peer";
import { buildPush, type AccountKeys } from "@/lib/wechat";

// Issue 8, defect 9: input PostgreSQL cannot take (a NUL character, an id beyond int4, a day outside
// the calendar) is a 400 naming the field — never a 500, never a stack trace, nothing written.

const NUL = "\u0000";
const BEYOND_INT4 = "2147483648";

let app: RunningApp;
let tokens: Record<"admin" | "analyst", string>;
let accountId = 0;
let codeId = 0;
const keys: AccountKeys = { appId: "wx_input_rules", token: "inputrules", encodingAesKey: null, mode: "plain" };

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ admin: "admin", analyst: "analyst" }));
  const { upsertAccount } = await import("@/lib/db/accounts");
  accountId = (await upsertAccount({ ...keys, name: "rules", appSecret: "secret", originalId: "gh_rules" })).id;
  codeId = await seedActiveCode({ accountId, channel: "poster", name: "riddle", sceneStr: "riddle-1", reply: "月亮" });
});
after(() => stopApp(app));

/** What a refused request must not have changed (volatile columns such as last_used_at left out). */
async function snapshot(): Promise<string> {
  const tables = {
    accounts: "SELECT id, name FROM accounts ORDER BY id",
    users: "SELECT id, email, name, role FROM users ORDER BY id",
    api_tokens: "SELECT id, name, role, revoked_at FROM api_tokens ORDER BY id",
    channels: "SELECT id, name FROM channels ORDER BY id",
    campaigns: "SELECT id, name FROM campaigns ORDER BY id",
    qr_codes: "SELECT id, name, channel_id, campaign_id, status FROM qr_codes ORDER BY id",
    replies: "SELECT * FROM replies ORDER BY id",
    events: "SELECT count(*) FROM events",
    followers: "SELECT count(*) FROM followers",
    processed_messages: "SELECT count(*) FROM processed_messages",
    sandbox_tickets: "SELECT count(*) FROM sandbox_tickets",
  };
  const rows = await Promise.all(Object.values(tables).map((sql) => query(app.databaseUrl, sql)));
  return JSON.stringify(rows);
}

/** The new lines of the server's log must hold no stack trace and no "unexpected error". */
async function assertQuietLog(since: number, what: string) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const log = app.output().slice(since);
  assert.doesNotMatch(log, /unexpected error|\n\s+at \S/, `${what}: the server logged\n${log.slice(0, 2000)}`);
}

type Case = { who: "admin" | "analyst"; path: string; method?: string; body?: unknown; field: string };

async function assertRefused({ who, path, method = "GET", body, field }: Case) {
  const what = `${who} ${method} ${path} ${body === undefined ? "" : JSON.stringify(body)}`;
  const [state, since] = [await snapshot(), app.output().length];
  const res = await api(app.baseUrl, tokens[who], path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.error.field, field, `${what}: ${JSON.stringify(res.body)}`);
  assert.match(res.body.error.message, /\S/, what);
  assert.equal(await snapshot(), state, `${what} wrote something`);
  await assertQuietLog(since, what);
}

const day = "from=2026-03-01&to=2026-03-02";

test("a NUL character in any text is a 400 naming the field, for every role's inputs", async () => {
  const nul = encodeURIComponent(NUL);
  const cases: Case[] = [
    { who: "analyst", path: `/api/qrcodes?q=${nul}`, field: "q" },
    { who: "analyst", path: `/api/qrcodes?channel=poster${nul}`, field: "channel" },
    { who: "analyst", path: `/api/qrcodes?campaign=${nul}x`, field: "campaign" },
    { who: "analyst", path: `/api/stats?${day}&channel=${nul}`, field: "channel" },
    { who: "analyst", path: `/api/stats/series?${day}&campaign=${nul}`, field: "campaign" },
    { who: "analyst", path: `/api/events?${day}&channel=${nul}`, field: "channel" },
    { who: "analyst", path: `/api/qrcodes?${nul}=1`, field: NUL },
    {
      who: "admin",
      path: "/api/qrcodes",
      method: "POST",
      body: { name: `a${NUL}`, channel: "c", kind: "permanent" },
      field: "name",
    },
    {
      who: "admin",
      path: "/api/qrcodes",
      method: "POST",
      body: { name: "a", channel: NUL, kind: "permanent" },
      field: "channel",
    },
    {
      who: "admin",
      path: "/api/qrcodes",
      method: "POST",
      body: { name: "a", channel: "c", kind: "permanent", reply: { type: "text", content: `hi${NUL}` } },
      field: "reply.content",
    },
    { who: "admin", path: `/api/qrcodes/${codeId}/reply`, method: "PUT", body: { type: "text", content: NUL }, field: "content" },
    {
      who: "admin",
      path: `/api/qrcodes/${codeId}/reply`,
      method: "PUT",
      body: { type: "news", title: "t", url: `https://example.com/a${NUL}` },
      field: "url",
    },
    {
      who: "admin",
      path: `/api/accounts/${accountId}/replies`,
      method: "PUT",
      body: { follow: { type: "text", content: `welcome${NUL}` } },
      field: "follow.content",
    },
    { who: "admin", path: `/api/accounts/${accountId}`, method: "PATCH", body: { name: `rules${NUL}` }, field: "name" },
    { who: "admin", path: "/api/tokens", method: "POST", body: { name: `ci${NUL}`, role: "analyst" }, field: "name" },
    {
      who: "admin",
      path: "/api/users",
      method: "POST",
      body: { email: `a${NUL}@example.com`, role: "analyst", password: "long enough password" },
      field: "email",
    },
    {
      who: "admin",
      path: "/api/users",
      method: "POST",
      body: { email: "b@example.com", name: NUL, role: "analyst", password: "long enough password" },
      field: "name",
    },
    { who: "admin", path: "/api/replies/test-follow", method: "POST", body: { accountId, openid: `o${NUL}` }, field: "openid" },
    { who: "admin", path: `/api/qrcodes/${codeId}/test-scan`, method: "POST", body: { openid: `o${NUL}` }, field: "openid" },
  ];
  for (const c of cases) await assertRefused(c);
});

test("an id beyond PostgreSQL's integer is a 400 naming the field, in the path, the query and the body", async () => {
  const cases: Case[] = [
    { who: "analyst", path: `/api/qrcodes/${BEYOND_INT4}`, field: "id" },
    { who: "analyst", path: `/api/qrcodes/${BEYOND_INT4}/image`, field: "id" },
    { who: "analyst", path: `/api/accounts/${BEYOND_INT4}`, field: "id" },
    { who: "analyst", path: `/api/qrcodes?accountId=${BEYOND_INT4}`, field: "accountId" },
    { who: "analyst", path: `/api/channels?accountId=${BEYOND_INT4}`, field: "accountId" },
    { who: "analyst", path: `/api/campaigns?accountId=${BEYOND_INT4}`, field: "accountId" },
    { who: "analyst", path: `/api/qrcodes/zip?ids=${codeId},${BEYOND_INT4}`, field: "ids" },
    { who: "analyst", path: `/api/stats?${day}&accountId=${BEYOND_INT4}`, field: "accountId" },
    { who: "analyst", path: `/api/stats/series?${day}&qrCodeId=${BEYOND_INT4}`, field: "qrCodeId" },
    { who: "analyst", path: `/api/events?${day}&accountId=${BEYOND_INT4}`, field: "accountId" },
    { who: "admin", path: `/api/users/${BEYOND_INT4}`, method: "PATCH", body: { name: "x" }, field: "id" },
    { who: "admin", path: `/api/tokens/${BEYOND_INT4}`, method: "DELETE", field: "id" },
    { who: "admin", path: `/api/qrcodes/${BEYOND_INT4}/reply`, method: "PUT", body: { type: "text", content: "x" }, field: "id" },
    {
      who: "admin",
      path: "/api/qrcodes",
      method: "POST",
      body: { name: "a", channel: "c", kind: "permanent", accountId: Number(BEYOND_INT4) },
      field: "accountId",
    },
    {
      who: "admin",
      path: "/api/replies/test-follow",
      method: "POST",
      body: { accountId: Number(BEYOND_INT4) },
      field: "accountId",
    },
  ];
  for (const c of cases) await assertRefused(c);
  // The largest id is still an id: nothing by that number, a plain 404.
  assert.equal((await api(app.baseUrl, tokens.analyst, "/api/qrcodes/2147483647")).status, 404);
});

test("a day outside 2000-01-01 … 2099-12-31 is a 400 naming the field in stats, series and the event export", async () => {
  const cases: Case[] = [];
  for (const path of ["/api/stats", "/api/stats/series", "/api/events"]) {
    cases.push({ who: "analyst", path: `${path}?from=0000-01-01&to=0000-01-02`, field: "from" });
    cases.push({ who: "analyst", path: `${path}?from=1999-12-31&to=2000-01-01`, field: "from" });
    cases.push({ who: "analyst", path: `${path}?from=2099-12-31&to=2100-01-01`, field: "to" });
    cases.push({ who: "analyst", path: `${path}?from=9999-12-30&to=9999-12-31`, field: "from" });
  }
  for (const c of cases) await assertRefused(c);
  const edges = await api(app.baseUrl, tokens.analyst, "/api/stats?from=2000-01-01&to=2000-01-02");
  assert.equal(edges.status, 200, JSON.stringify(edges.body));
  assert.equal((await api(app.baseUrl, tokens.analyst, "/api/stats?from=2099-12-30&to=2099-12-31")).status, 200);
});

async function pushXml(xml: string, appId = keys.appId) {
  // Plain mode signs the query alone: the body goes as given, NUL included (buildPush would refuse it).
  const { query: q } = buildPush(keys, xml.replaceAll(NUL, "_"));
  const body = xml;
  const res = await fetch(`${app.baseUrl}/api/wechat/${encodeURIComponent(appId)}?${q}`, { method: "POST", body });
  return { status: res.status, text: await res.text() };
}

const scanXml = (fields: { from?: string; createTime?: string | number; eventKey?: string }) =>
  `<xml><ToUserName>gh_rules</ToUserName><FromUserName>${fields.from ?? "o_rules"}</FromUserName>` +
  `<CreateTime>${fields.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType>event</MsgType>` +
  `<Event>SCAN</Event><EventKey>${fields.eventKey ?? "riddle-1"}</EventKey><Ticket>t</Ticket></xml>`;

test("the webhook refuses a push WeChat could never send: NUL in a field, a CreateTime far from now; nothing recorded", async () => {
  const now = Math.floor(Date.now() / 1000);
  const pushes: [string, string, RegExp][] = [
    // XML cannot hold a NUL at all: refused by the parser, before any field is read.
    ["NUL in the openid", scanXml({ from: `o${NUL}x` }), /NUL/],
    ["NUL in the scene", scanXml({ eventKey: `riddle${NUL}1` }), /NUL/],
    ["CreateTime 999999999999999", scanXml({ createTime: "999999999999999" }), /CreateTime/],
    ["CreateTime before 2000", scanXml({ createTime: 946_684_799 }), /CreateTime/],
    ["CreateTime two days ahead", scanXml({ createTime: now + 2 * 86_400 }), /CreateTime/],
    ["CreateTime beyond 15 digits", scanXml({ createTime: "9".repeat(40) }), /CreateTime/],
  ];
  for (const [what, xml, reason] of pushes) {
    const [state, since] = [await snapshot(), app.output().length];
    const res = await pushXml(xml);
    assert.equal(res.status, 400, `${what}: ${res.status} ${res.text}`);
    assert.match(res.text, reason, what);
    assert.equal(await snapshot(), state, `${what} was recorded`);
    await assertQuietLog(since, what);
  }
  // The same push without the defect is recorded: the refusals above were about the defect alone.
  assert.equal((await pushXml(scanXml({}))).status, 200);
  assert.equal((await query(app.databaseUrl, "SELECT count(*)::int AS n FROM events"))[0].n, 1);
});

test("a NUL in the webhook's appId is an unknown account (404), not a query", async () => {
  for (const method of ["GET", "POST"]) {
    const since = app.output().length;
    const res = await fetch(`${app.baseUrl}/api/wechat/wx%00x?signature=s&timestamp=1&nonce=1&echostr=e`, {
      method,
      body: method === "POST" ? "<xml/>" : undefined,
    });
    assert.equal(res.status, 404, `${method}: ${await res.text()}`);
    await assertQuietLog(since, method);
  }
});

test("pages that read the query themselves take the same rule: no 500, no stack trace", async () => {
  const { createUser } = await import("@/lib/db/users");
  const user = await createUser({ email: "pages@example.com", role: "admin", password: "long enough password" });
  const jwt = await encode({ token: { sub: String(user.id), uid: user.id }, secret: process.env.NEXTAUTH_SECRET! });
  for (const path of [
    `/codes/print?ids=${codeId},${BEYOND_INT4}`,
    "/codes?q=%00",
    `/codes?accountId=${BEYOND_INT4}`,
    "/stats?from=0000-01-01&to=0000-01-02",
    `/replies?account=${BEYOND_INT4}`,
  ]) {
    const since = app.output().length;
    const res = await fetch(`${app.baseUrl}${path}`, {
      headers: { cookie: `next-auth.session-token=${jwt}` },
      redirect: "manual",
    });
    assert.equal(res.status, 200, path);
    await res.text();
    await assertQuietLog(since, path);
  }
});

test("the WeChat sandbox looks up no AppID or ticket holding a NUL: WeChat's own answers, no 500, no stack trace", async () => {
  const requests: [string, RequestInit?][] = [
    ["/api/sandbox/cgi-bin/token?grant_type=client_credential&appid=wx%00&secret=s"],
    [
      "/api/sandbox/cgi-bin/stable_token",
      { method: "POST", body: JSON.stringify({ grant_type: "client_credential", appid: `wx${NUL}`, secret: "s" }) },
    ],
    ["/api/sandbox/cgi-bin/showqrcode?ticket=%00"],
  ];
  for (const [path, init] of requests) {
    const [state, since] = [await snapshot(), app.output().length];
    const res = await fetch(`${app.baseUrl}${path}`, { ...init, headers: { "content-type": "application/json" } });
    assert.ok(res.status < 500, `${path}: ${res.status}`);
    await res.arrayBuffer();
    assert.equal(await snapshot(), state, path);
    await assertQuietLog(since, path);
  }
});
