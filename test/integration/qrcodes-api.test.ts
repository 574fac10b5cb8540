import { test, before, after } from "node:test";
import { declaringPng } from "../helpers/png";
import assert from "node:assert/strict";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Role } from "@/lib/access/roles";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";

let app: RunningApp;
let tokens: Record<Exclude<Role, "integration">, string>;
let sandboxAppId = "";
let sandboxAccountId = 0;

before(async () => {
  ({ app, tokens } = await startAppWithTokens({
    admin: "admin",
    marketer: "marketer",
    operator: "operator",
    analyst: "analyst",
  }));
  const [account] = await query<{ id: number; app_id: string }>(app.databaseUrl, "SELECT id, app_id FROM accounts WHERE sandbox");
  sandboxAppId = account.app_id;
  sandboxAccountId = account.id;
});

after(() => stopApp(app));

const counts = () =>
  query(
    app.databaseUrl,
    "SELECT (SELECT count(*) FROM qr_codes)::int AS codes, (SELECT count(*) FROM sandbox_tickets)::int AS tickets",
  );

const create = (body: unknown, token = tokens.marketer) =>
  api(app.baseUrl, token, "/api/qrcodes", { method: "POST", body: JSON.stringify(body) });

test("creates all four kinds of code and renders images that decode back to the url", async () => {
  const cases = [
    { name: "t-int", channel: "地铁", kind: "temporary", expireSeconds: 86400 },
    { name: "t-str", channel: "地铁", kind: "temporary", sceneStr: "metro_line_2", expireSeconds: 600 },
    { name: "p-int", channel: "海报", campaign: "双十一", kind: "permanent", sceneId: 42 },
    { name: "p-str", channel: "海报", campaign: "双十一", kind: "permanent", sceneStr: "poster_a" },
  ];
  for (const body of cases) {
    const res = await create(body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const code = res.body;
    assert.equal(code.kind, body.kind);
    assert.match(code.ticket, /.+/);
    assert.match(code.url, /^http:\/\/weixin\.qq\.com\/q\//);
    if (body.kind === "temporary") {
      const lifetime = Date.parse(code.expiresAt) - Date.now();
      assert.ok(Math.abs(lifetime - body.expireSeconds! * 1000) < 60_000, `expiresAt ${code.expiresAt}`);
    } else assert.equal(code.expiresAt, null);
    if ("sceneStr" in body) assert.equal(code.sceneStr, body.sceneStr);
    else if ("sceneId" in body) assert.equal(code.sceneId, body.sceneId);
    else assert.ok(code.sceneId > 100000, "auto temporary scenes stay clear of the permanent range");

    const fetched = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.id}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.body.url, code.url);

    const png = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.id}/image?format=png&size=300`);
    assert.equal(png.status, 200);
    const image = PNG.sync.read(png.body);
    assert.equal(image.width, 300);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    assert.equal(decoded?.data, code.url);

    const svg = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.id}/image?format=svg&size=500`);
    assert.equal(svg.status, 200);
    assert.match(svg.body, /<svg[^>]*width="500"/);
  }
  const list = await api(app.baseUrl, tokens.analyst, "/api/qrcodes?channel=海报");
  assert.equal(list.body.total, 2);
});

test("invalid input is a 400 naming the field and creates nothing here or at WeChat", async () => {
  const before = await counts();
  const invalid: [unknown, string][] = [
    [{ name: "x", channel: "c", kind: "temporary", expireSeconds: 59 }, "expireSeconds"],
    [{ name: "x", channel: "c", kind: "temporary", expireSeconds: 2592001 }, "expireSeconds"],
    [{ name: "x", channel: "c", kind: "permanent", sceneId: 100001 }, "sceneId"],
    [{ name: "x", channel: "c", kind: "temporary", sceneId: 4294967296 }, "sceneId"],
    [{ name: "x", channel: "c", kind: "temporary", sceneId: 0 }, "sceneId"],
    [{ name: "x", channel: "c", kind: "permanent", sceneStr: "s".repeat(65) }, "sceneStr"],
    [{ name: "x", channel: "c", kind: "permanent", sceneStr: "" }, "sceneStr"],
    [{ name: "x", channel: "c", kind: "forever" }, "kind"],
    [{ channel: "c", kind: "permanent" }, "name"],
    [{ name: "x", channel: "c", kind: "permanent", sceneId: 5, sceneStr: "a" }, "sceneStr"],
  ];
  for (const [body, field] of invalid) {
    const res = await create(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
  }
  const malformed = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", { method: "POST", body: "{not json" });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, "invalid_json");
  assert.deepEqual(await counts(), before);
});

test("a scene already used on the account is refused with 409", async () => {
  assert.equal((await create({ name: "a", channel: "c", kind: "permanent", sceneId: 777 })).status, 201);
  const before = await counts();
  const again = await create({ name: "b", channel: "c", kind: "temporary", sceneId: 777 });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, "scene_taken");
  const digits = await create({ name: "c", channel: "c", kind: "permanent", sceneStr: "777" });
  assert.equal(digits.status, 409, "a digit string scene collides with the same integer scene");
  assert.deepEqual(await counts(), before);
});

test("roles: no token 401, analyst and operator may not create, marketer may", async () => {
  const body = { name: "r", channel: "c", kind: "temporary" };
  const anonymous = await fetch(`${app.baseUrl}/api/qrcodes`, { method: "POST", body: JSON.stringify(body) });
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).error.code, "unauthorized");
  assert.equal((await create(body, "qd_not_a_real_token")).status, 401);
  assert.equal((await create(body, tokens.analyst)).status, 403);
  assert.equal((await create(body, tokens.operator)).status, 403);
  assert.equal((await create(body, tokens.admin)).status, 201);
  const reply = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/1/reply`, {
    method: "PUT",
    body: JSON.stringify({ type: "text", content: "x" }),
  });
  assert.equal(reply.status, 403);
});

test("WeChat busy (-1) is retried, a rejected token is refreshed once, a quota error leaves no code", async () => {
  const { injectFault } = await import("@/lib/sandbox/faults");
  await injectFault(sandboxAppId, "qrcode/create", -1, "system error", 2);
  const busy = await create({ name: "busy", channel: "c", kind: "temporary" });
  assert.equal(busy.status, 201, JSON.stringify(busy.body));

  await injectFault(sandboxAppId, "qrcode/create", 40001, "invalid credential, access_token is invalid or not latest", 1);
  const stale = await create({ name: "stale", channel: "c", kind: "temporary" });
  assert.equal(stale.status, 201, JSON.stringify(stale.body));

  const before = await counts();
  await injectFault(sandboxAppId, "qrcode/create", 45009, "reach max api daily quota limit", 1);
  const quota = await create({ name: "quota", channel: "c", kind: "permanent", sceneStr: "quota-scene" });
  assert.equal(quota.status, 429);
  assert.equal(quota.body.error.code, "wechat_quota");
  assert.deepEqual(await counts(), before);
  // the scene was released: the same request now succeeds
  assert.equal((await create({ name: "quota", channel: "c", kind: "permanent", sceneStr: "quota-scene" })).status, 201);
});

test("the permanent quota is counted and refused before WeChat is called", async () => {
  const [{ id: channelId }] = await query<{ id: number }>(
    app.databaseUrl,
    "SELECT id FROM channels WHERE account_id = $1 LIMIT 1",
    [sandboxAccountId],
  );
  const [{ n }] = await query<{ n: number }>(
    app.databaseUrl,
    "SELECT count(*)::int AS n FROM qr_codes WHERE account_id = $1 AND kind = 'permanent'",
    [sandboxAccountId],
  );
  await query(
    app.databaseUrl,
    `INSERT INTO qr_codes (account_id, channel_id, name, kind, scene_str, status)
     SELECT $1, $2, 'filler', 'permanent', 'filler-' || g, 'active' FROM generate_series(1, $3::int) g`,
    [sandboxAccountId, channelId, 100000 - n],
  );
  const before = await counts();
  const res = await create({ name: "one too many", channel: "c", kind: "permanent", sceneStr: "overflow" });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, "permanent_quota_reached");
  assert.deepEqual(await counts(), before);
  assert.equal((await create({ name: "temporary still fine", channel: "c", kind: "temporary" })).status, 201);
  await query(app.databaseUrl, "DELETE FROM qr_codes WHERE name = 'filler'");
});

test("a centre logo (PNG body) is drawn in the middle and the code still decodes", async () => {
  const code = await create({ name: "logo", channel: "c", kind: "temporary" });
  assert.equal(code.status, 201);
  const logo = new PNG({ width: 40, height: 40 });
  for (let i = 0; i < logo.data.length; i += 4) logo.data.set([220, 20, 60, 255], i); // crimson square
  const res = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.body.id}/image?size=400`, {
    method: "POST",
    body: new Uint8Array(PNG.sync.write(logo)),
    headers: { "content-type": "image/png" },
  });
  assert.equal(res.status, 200, String(res.body));
  const image = PNG.sync.read(res.body);
  const centre = (image.width * (image.height / 2) + image.width / 2) * 4;
  assert.deepEqual([...image.data.subarray(centre, centre + 3)], [220, 20, 60]);
  assert.equal(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data, code.body.url);

  const garbage = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.body.id}/image`, {
    method: "POST",
    body: "not a png",
  });
  assert.equal(garbage.status, 400);
  assert.equal(garbage.body.error.field, "logo");

  // 70 bytes that declare 30000 × 30000 pixels: refused from the header, the server never decodes them.
  const bomb = await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.body.id}/image`, {
    method: "POST",
    body: new Uint8Array(declaringPng(30000, 30000)),
  });
  assert.equal(bomb.status, 400);
  assert.equal(bomb.body.error.code, "invalid_image");
  assert.equal(bomb.body.error.field, "logo");
  assert.match(bomb.body.error.message, /30000×30000 pixels/);
  assert.equal((await fetch(`${app.baseUrl}/api/health`)).status, 200);
});
