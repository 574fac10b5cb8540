import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { freshDatabase, query } from "../helpers/database";

// The sandbox driven through the app's real WeChat client, over HTTP, against the real route
// handlers (served by node:http) and a fresh database. Clock-dependent rules are checked on the
// framework-neutral functions with an explicit clock.

process.env.ENCRYPTION_KEY = "test-key";
let databaseUrl = "";
let server: http.Server;
let apiBase = "";

const APP = { appId: "wxsandboxapi00001", secret: "secret-one-0123456789abcdef0123" };
const OTHER = { appId: "wxsandboxapi00002", secret: "secret-two-0123456789abcdef0123" };
let accountId = 0;
let otherAccountId = 0;
let adminToken = "";
let analystToken = "";

type Lib = {
  api: typeof import("@/lib/sandbox/wechat-api");
  faults: typeof import("@/lib/sandbox/faults");
  wechat: typeof import("@/lib/wechat");
  store: typeof import("@/lib/db/access-tokens");
};
let lib: Lib;

type Handler = (request: Request) => Promise<Response>;

/** node:http in front of the Next route handlers (web Request in, web Response out). */
async function serveRoutes(): Promise<http.Server> {
  const token = await import("@/app/api/sandbox/cgi-bin/token/route");
  const stable = await import("@/app/api/sandbox/cgi-bin/stable_token/route");
  const create = await import("@/app/api/sandbox/cgi-bin/qrcode/create/route");
  const show = await import("@/app/api/sandbox/cgi-bin/showqrcode/route");
  const faults = await import("@/app/api/sandbox/faults/route");
  const routes: Record<string, Record<string, Handler>> = {
    "/api/sandbox/cgi-bin/token": { GET: token.GET },
    "/api/sandbox/cgi-bin/stable_token": { GET: stable.GET, POST: stable.POST },
    "/api/sandbox/cgi-bin/qrcode/create": { GET: create.GET, POST: create.POST },
    "/api/sandbox/cgi-bin/showqrcode": { GET: show.GET },
    "/api/sandbox/faults": { POST: faults.POST },
  };
  const srv = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const handler = routes[url.pathname]?.[req.method ?? "GET"];
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined;
      const response = await handler(new Request(url, { method: req.method, headers, body }));
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
    name: "Sandbox A",
    appSecret: APP.secret,
    token: "tok-a",
    sandbox: true,
  });
  accountId = account.id;
  otherAccountId = (
    await upsertAccount({ appId: OTHER.appId, name: "Sandbox B", appSecret: OTHER.secret, token: "tok-b", sandbox: true })
  ).id;
  const { createApiToken } = await import("@/lib/db/api-tokens");
  adminToken = (await createApiToken({ role: "admin", name: "admin" })).token;
  analystToken = (await createApiToken({ role: "analyst", name: "analyst" })).token;
  lib = {
    api: await import("@/lib/sandbox/wechat-api"),
    faults: await import("@/lib/sandbox/faults"),
    wechat: await import("@/lib/wechat"),
    store: await import("@/lib/db/access-tokens"),
  };
  server = await serveRoutes();
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sandbox`;
});

after(async () => {
  await new Promise((resolve) => server?.close(resolve));
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

function client(extra: Partial<ConstructorParameters<Lib["wechat"]["WeChatApiClient"]>[0]> = {}) {
  return new lib.wechat.WeChatApiClient({
    apiBase,
    appId: APP.appId,
    appSecret: APP.secret,
    tokens: lib.store.accessTokenStore(accountId),
    sleep: async () => {},
    ...extra,
  });
}

async function getJson(path: string): Promise<any> {
  const res = await fetch(apiBase + path);
  assert.equal(res.status, 200, "WeChat answers every API call with HTTP 200");
  return res.json();
}

async function postJson(path: string, body: unknown): Promise<any> {
  const res = await fetch(apiBase + path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  assert.equal(res.status, 200, "WeChat answers every API call with HTTP 200");
  return res.json();
}

const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

function assertError(json: any, errcode: number, message?: RegExp) {
  assert.equal(json.errcode, errcode, JSON.stringify(json));
  assert.match(json.errmsg, RID);
  if (message) assert.match(json.errmsg, message);
}

const stable = (force = false, who = APP) =>
  postJson("/cgi-bin/stable_token", {
    grant_type: "client_credential",
    appid: who.appId,
    secret: who.secret,
    force_refresh: force,
  });

const token = (who = APP) =>
  getJson(`/cgi-bin/token?grant_type=client_credential&appid=${who.appId}&secret=${encodeURIComponent(who.secret)}`);

const createWith = (accessToken: string, body: unknown) =>
  postJson(`/cgi-bin/qrcode/create?access_token=${encodeURIComponent(accessToken)}`, body);

const TEMP = { expire_seconds: 600, action_name: "QR_SCENE", action_info: { scene: { scene_id: 42 } } };

test("stable_token hands out the same token until it nears expiry; the client reuses it", async () => {
  const first = await stable();
  assert.equal(typeof first.access_token, "string");
  assert.ok(first.access_token.length >= 100 && first.access_token.length <= 512);
  assert.ok(first.expires_in > 7100 && first.expires_in <= 7200);
  const again = await stable();
  assert.equal(again.access_token, first.access_token);
  assert.ok(again.expires_in <= first.expires_in);

  const c = client();
  const t1 = await c.getAccessToken();
  assert.equal(t1, first.access_token, "the client got the current stable token");
  const code = await c.createQrCode({ kind: "temporary", sceneId: 7, expireSeconds: 300 });
  assert.equal(await c.getAccessToken(), t1);
  assert.equal(code.expireSeconds, 300);

  // Several instances asking at once agree on one token.
  const many = await Promise.all(Array.from({ length: 8 }, () => stable()));
  assert.deepEqual(new Set(many.map((m) => m.access_token)), new Set([first.access_token]));
});

test("stable_token: forced refresh kills the previous token; renewal in the last 5 minutes keeps both", async () => {
  const { stableTokenApi, qrcodeCreateApi } = lib.api;
  const { upsertAccount } = await import("@/lib/db/accounts");
  const who = { appId: "wxsandboxstable01", secret: "stable-secret" };
  await upsertAccount({ appId: who.appId, name: "stable", appSecret: who.secret, token: "t", sandbox: true });
  const body = (force: boolean) =>
    JSON.stringify({ grant_type: "client_credential", appid: who.appId, secret: who.secret, force_refresh: force });
  const t0 = Date.now() + 86_400_000; // a clock of our own, for an account of its own
  const use = (accessToken: string, at: number) =>
    qrcodeCreateApi(new URLSearchParams({ access_token: accessToken }), JSON.stringify(TEMP), { now: () => at });

  const a = (await stableTokenApi(body(false), { now: () => t0 })).json;
  assert.equal(a.expires_in, 7200);
  const same = (await stableTokenApi(body(false), { now: () => t0 + 6000_000 })).json;
  assert.equal(same.access_token, a.access_token);
  assert.equal(same.expires_in, 1200);
  // Less than 5 minutes left: a new token, and the old one still works until it runs out.
  const b = (await stableTokenApi(body(false), { now: () => t0 + 6901_000 })).json;
  assert.notEqual(b.access_token, a.access_token);
  assert.equal(b.expires_in, 7200);
  assert.ok((await use(a.access_token as string, t0 + 7000_000)).json.ticket);
  assertError((await use(a.access_token as string, t0 + 7200_000)).json, 40001, /not latest/);

  const forced = (await stableTokenApi(body(true), { now: () => t0 + 7000_000 })).json;
  assert.notEqual(forced.access_token, b.access_token);
  assertError((await use(b.access_token as string, t0 + 7000_000)).json, 40001);
  assert.ok((await use(forced.access_token as string, t0 + 7000_000)).json.ticket);
  // Within 30 s of a forced refresh, another one does not refresh.
  const tooSoon = (await stableTokenApi(body(true), { now: () => t0 + 7020_000 })).json;
  assert.equal(tooSoon.access_token, forced.access_token);
  assert.equal(tooSoon.expires_in, 7180);
});

test("stable_token force_refresh is limited to 20 a day (45009), counted per China day", async () => {
  const { stableTokenApi } = lib.api;
  const { upsertAccount } = await import("@/lib/db/accounts");
  const who = { appId: "wxsandboxforce001", secret: "force-secret" };
  await upsertAccount({ appId: who.appId, name: "force", appSecret: who.secret, token: "t", sandbox: true });
  const body = JSON.stringify({ grant_type: "client_credential", appid: who.appId, secret: who.secret, force_refresh: true });
  // 02:00 China time (18:00 UTC the day before), then a refresh every 31 s.
  const start = Date.UTC(2030, 0, 1, 18, 0, 0);
  const seen = new Set<unknown>();
  for (let i = 0; i < 20; i++) {
    const res = (await stableTokenApi(body, { now: () => start + i * 31_000 })).json;
    assert.equal(res.errcode, undefined, `forced refresh #${i + 1}: ${JSON.stringify(res)}`);
    seen.add(res.access_token);
  }
  assert.equal(seen.size, 20);
  assertError((await stableTokenApi(body, { now: () => start + 20 * 31_000 })).json, 45009, /reach max api daily quota limit/);
  // The next China day (16:00 UTC) the allowance is back.
  const nextDay = Date.UTC(2030, 0, 2, 16, 0, 1);
  assert.ok((await stableTokenApi(body, { now: () => nextDay })).json.access_token);
});

test("cgi-bin/token: a new token every call; the previous one dies 5 minutes later; stable tokens are untouched", async () => {
  const { tokenApi, stableTokenApi, qrcodeCreateApi } = lib.api;
  const { upsertAccount } = await import("@/lib/db/accounts");
  const who = { appId: "wxsandboxtoken001", secret: "token-secret" };
  await upsertAccount({ appId: who.appId, name: "token", appSecret: who.secret, token: "t", sandbox: true });
  const q = new URLSearchParams({ grant_type: "client_credential", appid: who.appId, secret: who.secret });
  const t0 = Date.now() + 2 * 86_400_000;
  const use = (accessToken: unknown, at: number) =>
    qrcodeCreateApi(new URLSearchParams({ access_token: String(accessToken) }), JSON.stringify(TEMP), { now: () => at });

  const stableToken = (
    await stableTokenApi(JSON.stringify({ grant_type: "client_credential", appid: who.appId, secret: who.secret }), {
      now: () => t0,
    })
  ).json.access_token;
  const a = (await tokenApi(q, { now: () => t0 })).json;
  assert.equal(a.expires_in, 7200);
  const b = (await tokenApi(q, { now: () => t0 + 1000 })).json;
  assert.notEqual(a.access_token, b.access_token);
  assert.ok((await use(a.access_token, t0 + 1000 + 299_000)).json.ticket, "the old token overlaps for 5 minutes");
  assertError(
    (await use(a.access_token, t0 + 1000 + 301_000)).json,
    40001,
    /invalid credential, access_token is invalid or not latest/,
  );
  assert.ok((await use(b.access_token, t0 + 1000 + 301_000)).json.ticket);
  assert.ok((await use(stableToken, t0 + 1000 + 301_000)).json.ticket, "stable_token is isolated from cgi-bin/token");
  // A token that simply ran out is "expired", not "not latest".
  assertError((await use(b.access_token, t0 + 1000 + 7200_000)).json, 42001, /access_token expired/);

  // Over HTTP (real time): each call a different token.
  const h1 = await token();
  const h2 = await token();
  assert.notEqual(h1.access_token, h2.access_token);
  assert.equal(h2.expires_in, 7200);
});

test("token and stable_token refuse bad credentials with WeChat's codes", async () => {
  assertError(
    await getJson(`/cgi-bin/token?grant_type=authorization_code&appid=${APP.appId}&secret=${APP.secret}`),
    40002,
    /invalid grant_type/,
  );
  assertError(await getJson(`/cgi-bin/token?grant_type=client_credential&secret=${APP.secret}`), 41002);
  assertError(await getJson(`/cgi-bin/token?grant_type=client_credential&appid=${APP.appId}`), 41004);
  assertError(await getJson(`/cgi-bin/token?grant_type=client_credential&appid=wxunknown&secret=x`), 40013, /invalid appid/);
  assertError(
    await getJson(`/cgi-bin/token?grant_type=client_credential&appid=${APP.appId}&secret=wrong`),
    40125,
    /invalid appsecret/,
  );
  assert.ok((await token(OTHER)).access_token, "every sandbox account has its own credentials");

  assertError(await postJson("/cgi-bin/stable_token", "not json"), 47001, /data format error/);
  assertError(await postJson("/cgi-bin/stable_token", "[1,2]"), 47001);
  assertError(await postJson("/cgi-bin/stable_token", { grant_type: "x", appid: APP.appId, secret: APP.secret }), 40002);
  assertError(
    await postJson("/cgi-bin/stable_token", { grant_type: "client_credential", appid: APP.appId, secret: "nope" }),
    40125,
  );
  assertError(
    await postJson("/cgi-bin/stable_token", { grant_type: "client_credential", appid: "wxnope", secret: "nope" }),
    40013,
  );
  assertError(await getJson("/cgi-bin/stable_token"), 43002, /require POST method/);

  // Through the client: a wrong AppSecret surfaces as 40125 and creates nothing.
  const wrong = new lib.wechat.WeChatApiClient({
    apiBase,
    appId: OTHER.appId,
    appSecret: "wrong",
    tokens: lib.store.accessTokenStore(otherAccountId),
  });
  await assert.rejects(
    wrong.createQrCode({ kind: "temporary", sceneId: 1, expireSeconds: 60 }),
    (err: any) => err.errcode === 40125,
  );
});

test("qrcode/create: all four action names, through the client", async () => {
  const c = client();
  const cases = [
    {
      input: { kind: "temporary" as const, sceneId: 4_294_967_295, expireSeconds: 2_592_000 },
      action: "QR_SCENE",
      scene: { scene_id: "4294967295", scene_str: null },
    },
    {
      input: { kind: "temporary" as const, sceneStr: "poster-地铁", expireSeconds: 60 },
      action: "QR_STR_SCENE",
      scene: { scene_id: null, scene_str: "poster-地铁" },
    },
    {
      input: { kind: "permanent" as const, sceneId: 100_000 },
      action: "QR_LIMIT_SCENE",
      scene: { scene_id: "100000", scene_str: null },
    },
    {
      input: { kind: "permanent" as const, sceneStr: "字".repeat(64) },
      action: "QR_LIMIT_STR_SCENE",
      scene: { scene_id: null, scene_str: "字".repeat(64) },
    },
  ];
  for (const { input, action, scene } of cases) {
    const code = await c.createQrCode(input);
    assert.match(code.url, /^http:\/\/weixin\.qq\.com\/q\/[A-Za-z0-9_-]{22,}$/);
    assert.match(code.ticket, /^[A-Za-z0-9+/]+=*$/, "base64 like WeChat's tickets");
    assert.ok(code.ticket.includes("+"), "tickets need URL-encoding");
    assert.equal(code.expireSeconds, input.kind === "temporary" ? input.expireSeconds : null);
    const [row] = await query<any>(
      databaseUrl,
      "SELECT app_id, action_name, scene_id::text, scene_str, url, expires_at FROM sandbox_tickets WHERE ticket = $1",
      [code.ticket],
    );
    assert.equal(row.app_id, APP.appId);
    assert.equal(row.action_name, action);
    assert.deepEqual({ scene_id: row.scene_id, scene_str: row.scene_str }, scene);
    assert.equal(row.url, code.url);
    if (input.kind === "temporary") {
      const lifetime = (row.expires_at.getTime() - Date.now()) / 1000;
      assert.ok(Math.abs(lifetime - input.expireSeconds!) < 30, `expires in ${lifetime} s`);
    } else {
      assert.equal(row.expires_at, null);
    }
  }
  // A permanent scene asked for again is the same code at WeChat (and not counted twice).
  const again = await c.createQrCode({ kind: "permanent", sceneId: 100_000 });
  const [{ n }] = await query<{ n: number }>(
    databaseUrl,
    "SELECT count(*)::int AS n FROM sandbox_tickets WHERE scene_id = 100000 AND action_name = 'QR_LIMIT_SCENE'",
  );
  assert.equal(n, 1);
  assert.equal(again.ticket, (await c.createQrCode({ kind: "permanent", sceneId: 100_000 })).ticket);
  // Temporary codes are new every time.
  const t1 = await c.createQrCode({ kind: "temporary", sceneId: 5, expireSeconds: 60 });
  const t2 = await c.createQrCode({ kind: "temporary", sceneId: 5, expireSeconds: 60 });
  assert.notEqual(t1.ticket, t2.ticket);
});

test("qrcode/create: every out-of-range input gets WeChat's errcode and records nothing", async () => {
  const accessToken = (await stable()).access_token;
  const [{ n: before }] = await query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM sandbox_tickets");
  const long = "x".repeat(65);
  const cases: [unknown, number][] = [
    ['{"action_name":', 47001],
    ["[]", 47001],
    [{ action_info: { scene: { scene_id: 1 } } }, 40052],
    [{ action_name: "QR_FOREVER", action_info: { scene: { scene_id: 1 } } }, 40052],
    [{ action_name: "qr_scene", action_info: { scene: { scene_id: 1 } } }, 40052],
    [{ action_name: "QR_SCENE", expire_seconds: 60 }, 40053],
    [{ action_name: "QR_SCENE", expire_seconds: 60, action_info: { scene: 5 } }, 40053],
    [{ action_name: "QR_SCENE", expire_seconds: 60, action_info: { scene: { scene_id: 0 } } }, 40053],
    [{ action_name: "QR_SCENE", expire_seconds: 60, action_info: { scene: { scene_id: 4_294_967_296 } } }, 40053],
    [{ action_name: "QR_SCENE", expire_seconds: 60, action_info: { scene: { scene_id: -1 } } }, 40053],
    [{ action_name: "QR_SCENE", expire_seconds: 60, action_info: { scene: { scene_id: 1.5 } } }, 40053],
    [{ action_name: "QR_SCENE", expire_seconds: 60, action_info: { scene: { scene_id: "12" } } }, 40053],
    [{ action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 100_001 } } }, 40053],
    [{ action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 0 } } }, 40053],
    [{ action_name: "QR_STR_SCENE", expire_seconds: 60, action_info: { scene: { scene_str: "" } } }, 40053],
    [{ action_name: "QR_STR_SCENE", expire_seconds: 60, action_info: { scene: { scene_str: long } } }, 40053],
    [{ action_name: "QR_STR_SCENE", expire_seconds: 60, action_info: { scene: { scene_id: 3 } } }, 40053],
    [{ action_name: "QR_STR_SCENE", expire_seconds: 60, action_info: { scene: { scene_str: 12 } } }, 40053],
    [{ action_name: "QR_LIMIT_STR_SCENE", action_info: { scene: { scene_str: long } } }, 40053],
    [{ action_name: "QR_LIMIT_STR_SCENE", action_info: { scene_str: "1" } }, 40053], // the scene wrapper left out
    [{ action_name: "QR_LIMIT_STR_SCENE", action_info: { scene: { scene_str: "a\nb" } } }, 40053],
    [{ action_name: "QR_SCENE", expire_seconds: 59, action_info: { scene: { scene_id: 1 } } }, 40097],
    [{ action_name: "QR_SCENE", expire_seconds: 2_592_001, action_info: { scene: { scene_id: 1 } } }, 40097],
    [{ action_name: "QR_STR_SCENE", expire_seconds: "3600", action_info: { scene: { scene_str: "a" } } }, 40097],
    [{ action_name: "QR_STR_SCENE", expire_seconds: 600.5, action_info: { scene: { scene_str: "a" } } }, 40097],
  ];
  for (const [body, errcode] of cases) {
    assertError(
      await createWith(accessToken, body),
      errcode,
      errcode === 40053 ? /invalid action info, please check document/ : undefined,
    );
  }
  const [{ n: after }] = await query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM sandbox_tickets");
  assert.equal(after, before);

  assertError(await postJson("/cgi-bin/qrcode/create", TEMP), 41001, /access_token missing/);
  assertError(await createWith("not-a-token", TEMP), 40001);
  assertError(await getJson(`/cgi-bin/qrcode/create?access_token=${accessToken}`), 43002);
});

test("qrcode/create keeps WeChat's defaults: 60 s without expire_seconds, scene 0 without a scene", async () => {
  const accessToken = (await stable()).access_token;
  const noExpiry = await createWith(accessToken, {
    action_name: "QR_STR_SCENE",
    action_info: { scene: { scene_str: "default-expiry" } },
  });
  assert.equal(noExpiry.expire_seconds, 60);
  const noScene = await createWith(accessToken, { expire_seconds: 120, action_name: "QR_SCENE", action_info: {} });
  assert.equal(noScene.expire_seconds, 120);
  const [row] = await query<{ scene_id: string }>(databaseUrl, "SELECT scene_id::text FROM sandbox_tickets WHERE ticket = $1", [
    noScene.ticket,
  ]);
  assert.equal(row.scene_id, "0", "scanning it pushes qrscene_0");
  const permanent = await createWith(accessToken, {
    expire_seconds: 600,
    action_name: "QR_LIMIT_SCENE",
    action_info: { scene: { scene_id: 9 } },
  });
  assert.ok(permanent.ticket);
  assert.equal("expire_seconds" in permanent, false, "permanent codes have no expire_seconds");
});

test("the permanent quota: 100,000 per app, then 45029 qrcode count out of limit", async () => {
  const c = client();
  const [{ n }] = await query<{ n: number }>(
    databaseUrl,
    "SELECT count(*)::int AS n FROM sandbox_tickets WHERE app_id = $1 AND action_name IN ('QR_LIMIT_SCENE','QR_LIMIT_STR_SCENE')",
    [APP.appId],
  );
  await query(
    databaseUrl,
    `INSERT INTO sandbox_tickets (ticket, app_id, action_name, scene_str, url)
     SELECT 'filler-' || g, $1, 'QR_LIMIT_STR_SCENE', 'filler-' || g, 'http://weixin.qq.com/q/filler' || g
     FROM generate_series(1, $2::int) g`,
    [APP.appId, 100_000 - n - 1],
  );
  try {
    const last = await c.createQrCode({ kind: "permanent", sceneStr: "the-last-one" });
    assert.ok(last.ticket, "the 100,000th permanent code is still allowed");
    await assert.rejects(c.createQrCode({ kind: "permanent", sceneId: 31 }), (err: any) => {
      assert.equal(err.errcode, 45029);
      assert.match(err.errmsg, /^qrcode count out of limit rid: /);
      return true;
    });
    assert.equal(
      (await c.createQrCode({ kind: "permanent", sceneStr: "the-last-one" })).ticket,
      last.ticket,
      "an existing scene is not a new code",
    );
    assert.ok(
      (await c.createQrCode({ kind: "temporary", sceneId: 31, expireSeconds: 60 })).ticket,
      "temporary codes have no such quota",
    );
    const other = await stable(false, OTHER);
    assert.ok(
      (await createWith(other.access_token, { action_name: "QR_LIMIT_SCENE", action_info: { scene: { scene_id: 31 } } })).ticket,
      "the quota is per app",
    );
  } finally {
    await query(databaseUrl, "DELETE FROM sandbox_tickets WHERE ticket LIKE 'filler-%'");
  }
});

test("fault injection: busy twice then success; 40001 once; 45009; per app and per API", async () => {
  const { injectFault } = lib.faults;
  const c = client();
  await c.getAccessToken();
  const faultRows = () => query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM sandbox_faults").then((r) => r[0].n);

  await injectFault(APP.appId, "qrcode/create", -1, undefined, 2);
  await injectFault(OTHER.appId, "qrcode/create", 45009);
  assert.ok(
    (await c.createQrCode({ kind: "temporary", sceneId: 11, expireSeconds: 60 })).ticket,
    "the client retried through two -1s",
  );
  assert.equal(await faultRows(), 1, "both uses consumed, only the other app's fault left");

  const before = await c.getAccessToken();
  await injectFault(APP.appId, "qrcode/create", 40001);
  assert.ok((await c.createQrCode({ kind: "temporary", sceneId: 12, expireSeconds: 60 })).ticket);
  const after = await c.getAccessToken();
  assert.notEqual(after, before, "the client renewed the refused token (force_refresh)");

  await injectFault(APP.appId, "qrcode/create", 45009);
  await assert.rejects(c.createQrCode({ kind: "temporary", sceneId: 13, expireSeconds: 60 }), (err: any) => {
    assert.equal(err.kind, "quota");
    assert.equal(err.errcode, 45009);
    assert.match(err.errmsg, /^reach max api daily quota limit rid: /);
    return true;
  });
  assert.ok(
    (await c.createQrCode({ kind: "temporary", sceneId: 13, expireSeconds: 60 })).ticket,
    "one fault, one refused call, no retry storm",
  );

  // The other app's fault is still waiting for it.
  const otherToken = (await stable(false, OTHER)).access_token;
  assertError(await createWith(otherToken, TEMP), 45009);
  assert.ok((await createWith(otherToken, TEMP)).ticket);

  // The token APIs, with a message of our own and the IP hint the client extracts.
  await injectFault(APP.appId, "stable_token", 40164, "invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist", 1);
  assertError(await stable(), 40164, /^invalid ip 203\.0\.113\.9 /);
  await injectFault(APP.appId, "token", -1, undefined, 1);
  assertError(await token(), -1, /^system error rid: /);
  assert.ok((await token()).access_token);
  assert.equal(await faultRows(), 0);

  await assert.rejects(injectFault(APP.appId, "showqrcode" as any, -1), TypeError);
  await assert.rejects(injectFault(APP.appId, "token", 0), TypeError);
  await assert.rejects(injectFault(APP.appId, "token", -1, undefined, 0), TypeError);
});

test("POST /api/sandbox/faults: admin only, checked input, then the fault is served", async () => {
  const post = (body: unknown, auth?: string) =>
    fetch(`${apiBase}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const good = { appId: APP.appId, api: "token", errcode: 45011, times: 1 };

  const anonymous = await post(good);
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).error.code, "unauthorized");
  const analyst = await post(good, analystToken);
  assert.equal(analyst.status, 403);
  assert.equal((await analyst.json()).error.code, "forbidden");
  for (const bad of [
    "nope",
    { ...good, api: "menu/create" },
    { ...good, errcode: "x" },
    { ...good, times: 0 },
    { ...good, appId: "" },
  ]) {
    const res = await post(bad, adminToken);
    assert.equal(res.status, 400, JSON.stringify(bad));
    assert.equal((await res.json()).error.code, "bad_request");
  }
  const unknown = await post({ ...good, appId: "wxnobody" }, adminToken);
  assert.equal(unknown.status, 404);
  const [{ n }] = await query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM sandbox_faults");
  assert.equal(n, 0, "refused requests queue nothing");

  const created = await post(good, adminToken);
  assert.equal(created.status, 201);
  assert.equal((await created.json()).fault.remaining, 1);
  assertError(await token(), 45011);
  assert.ok((await token()).access_token);
});

test("showqrcode: the image decodes to the url; ticket encoded exactly once; unknown or expired 404", async () => {
  const c = client();
  const code = await c.createQrCode({ kind: "temporary", sceneStr: "show-me", expireSeconds: 120 });
  const official = lib.wechat.showQrCodeUrl(code.ticket);
  const ours = `${apiBase}/cgi-bin/showqrcode${official.slice(official.indexOf("?"))}`;
  const res = await fetch(ours);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "image/png");
  const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
  assert.equal(png.width, 430);
  assert.equal(png.height, 430);
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.equal(found?.data, code.url);

  assert.equal(
    (await fetch(`${apiBase}/cgi-bin/showqrcode?ticket=${code.ticket}`)).status,
    404,
    'not encoded: "+" reads as a space',
  );
  assert.equal(
    (await fetch(`${apiBase}/cgi-bin/showqrcode?ticket=${encodeURIComponent(encodeURIComponent(code.ticket))}`)).status,
    404,
    "encoded twice",
  );
  assert.equal((await fetch(`${apiBase}/cgi-bin/showqrcode?ticket=nope`)).status, 404);
  assert.equal((await fetch(`${apiBase}/cgi-bin/showqrcode`)).status, 404);

  const later = await lib.api.showQrCodeApi(new URLSearchParams({ ticket: code.ticket }), { now: () => Date.now() + 121_000 });
  assert.equal(later.status, 404, "an expired temporary code is gone");
  const permanent = await c.createQrCode({ kind: "permanent", sceneStr: "show-forever" });
  const years = await lib.api.showQrCodeApi(new URLSearchParams({ ticket: permanent.ticket }), {
    now: () => Date.now() + 10 * 365 * 86_400_000,
  });
  assert.equal(years.status, 200, "permanent codes never expire");
});

test("a real account does not exist for the sandbox: its right AppSecret gets 40013 like a wrong one, everywhere", async () => {
  const { upsertAccount, updateAccount } = await import("@/lib/db/accounts");
  const real = { appId: "wx0123456789abcdef", secret: "real-secret-0123456789abcdef0123" };
  const account = await upsertAccount({ appId: real.appId, name: "Real", appSecret: real.secret, token: "tok-real" });
  assert.equal(account.sandbox, false);
  const without = (json: any) => ({
    errcode: json.errcode,
    errmsg: String(json.errmsg).replace(RID, ""),
    keys: Object.keys(json),
  });
  const unknownToken = without(await getJson("/cgi-bin/token?grant_type=client_credential&appid=wxnobody0000000000&secret=x"));
  assert.deepEqual(unknownToken, { errcode: 40013, errmsg: "invalid appid", keys: ["errcode", "errmsg"] });

  for (const secret of [real.secret, "a-wrong-guess"]) {
    const query = `grant_type=client_credential&appid=${real.appId}&secret=${encodeURIComponent(secret)}`;
    assert.deepEqual(without(await getJson(`/cgi-bin/token?${query}`)), unknownToken, `token, secret ${secret}`);
    const body = { grant_type: "client_credential", appid: real.appId, secret, force_refresh: secret === real.secret };
    assert.deepEqual(without(await postJson("/cgi-bin/stable_token", body)), unknownToken, `stable_token, secret ${secret}`);
  }
  const [{ n }] = await query<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM sandbox_tokens WHERE app_id = $1", [
    real.appId,
  ]);
  assert.equal(n, 0, "no token was issued");

  // Through the app's client (what a connection check does): refused as an unknown AppID.
  const viaClient = new lib.wechat.WeChatApiClient({
    apiBase,
    appId: real.appId,
    appSecret: real.secret,
    tokens: lib.store.accessTokenStore(account.id),
  });
  await assert.rejects(viaClient.getAccessToken(), (err: any) => err.errcode === 40013);

  // A token and a ticket it got while it was a sandbox account are as unknown as ones never issued.
  await updateAccount(account.id, { sandbox: true });
  const issued = await postJson("/cgi-bin/stable_token", {
    grant_type: "client_credential",
    appid: real.appId,
    secret: real.secret,
  });
  assert.ok(issued.access_token);
  const ticket = (await createWith(issued.access_token, TEMP)).ticket;
  assert.ok(ticket);
  await updateAccount(account.id, { sandbox: false });
  assert.deepEqual(without(await createWith(issued.access_token, TEMP)), without(await createWith("sbxS_never-issued", TEMP)));
  assert.equal(without(await createWith(issued.access_token, TEMP)).errcode, 40001);
  const show = await fetch(`${apiBase}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`);
  assert.equal(show.status, 404, "its ticket is not shown");
  assert.equal(await show.text(), await (await fetch(`${apiBase}/cgi-bin/showqrcode?ticket=nope`)).text());

  // Faults: an admin cannot queue one for it (404, as for an unknown AppID), and one left over is never served.
  const fault = await fetch(`${apiBase}/faults`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ appId: real.appId, api: "token", errcode: 45011 }),
  });
  assert.equal(fault.status, 404);
  await lib.faults.injectFault(real.appId, "token", 45011);
  await lib.faults.injectFault(real.appId, "stable_token", 45011);
  assert.deepEqual(
    without(await getJson(`/cgi-bin/token?grant_type=client_credential&appid=${real.appId}&secret=${real.secret}`)),
    unknownToken,
    "a fault would tell the AppID apart from an unknown one",
  );
  await query(databaseUrl, "DELETE FROM sandbox_faults WHERE app_id = $1", [real.appId]);
});

test("sandbox bodies are read up to 16 KB: beyond, HTTP 413 with 45002 before anything is looked at", async () => {
  const big = "x".repeat(2 * 1024 * 1024);
  for (const path of ["/cgi-bin/stable_token", "/cgi-bin/qrcode/create?access_token=sbxS_x"]) {
    const res = await fetch(apiBase + path, { method: "POST", body: big });
    assert.equal(res.status, 413, path);
    assertError(await res.json(), 45002, /^content size out of limit/);
    // Without a Content-Length (chunked), the body is counted as it arrives.
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent >= big.length) return controller.close();
        controller.enqueue(new Uint8Array(64 * 1024));
        sent += 64 * 1024;
      },
    });
    const chunked = await fetch(apiBase + path, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    assert.equal(chunked.status, 413, `${path}, chunked`);
  }
  const admin = await fetch(`${apiBase}/faults`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: big,
  });
  assert.equal(admin.status, 413);
  assert.equal((await admin.json()).error.code, "too_large");
  assert.ok((await stable()).access_token, "still answering");
});
