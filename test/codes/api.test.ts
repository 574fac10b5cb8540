import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { startApp, type RunningApp } from "../helpers/app";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { readZip } from "./read-zip";

let app: RunningApp;
const tokens: Record<string, string> = {};
let accountId = 0;

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  for (const role of ["admin", "marketer", "operator", "analyst"] as const)
    tokens[role] = (await createApiToken({ role, name: role })).token;
  [{ id: accountId }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

async function create(body: Record<string, unknown>) {
  const res = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", { method: "POST", body: JSON.stringify(body) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function download(path: string, token = tokens.analyst) {
  const res = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString()) };
}

const expire = (id: number) =>
  query(app.databaseUrl, "UPDATE qr_codes SET expires_at = now() - interval '1 hour' WHERE id = $1", [id]);

test("ZIP of three codes: one PNG per code that decodes to its url, named campaign-channel-name-size, plus manifest.csv", async () => {
  const codes = [
    await create({ name: "海报 A", channel: "地铁/2号线", campaign: "双十一", kind: "temporary", expireSeconds: 86400 }),
    await create({ name: "门店", channel: "门店", kind: "permanent", sceneStr: "shop_zip" }),
    await create({ name: "Poster, big", channel: "朋友圈", kind: "temporary", sceneStr: "moments_zip", expireSeconds: 3600 }),
  ];
  const res = await download(`/api/qrcodes/zip?ids=${codes.map((c) => c.id).join(",")}&size=300`);
  assert.equal(res.status, 200, res.body.toString().slice(0, 300));
  assert.equal(res.headers.get("content-type"), "application/zip");
  assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="qrcodes-\d{8}-3\.zip"/);

  const entries = readZip(res.body);
  assert.deepEqual(
    entries.map((e) => e.name),
    ["双十一-地铁_2号线-海报 A-300.png", "门店-门店-300.png", "朋友圈-Poster, big-300.png", "manifest.csv"],
  );
  for (const [i, code] of codes.entries()) {
    const image = PNG.sync.read(entries[i].data);
    assert.equal(image.width, 300);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    assert.equal(decoded?.data, code.url, `PNG ${i} decodes to its code's url`);
  }
  const manifest = entries[3].data.toString("utf8");
  assert.ok(manifest.startsWith("\uFEFFid,name,channel,campaign,kind,scene,url,expiresAt"), manifest.slice(0, 80));
  const lines = manifest.trim().split("\r\n");
  assert.equal(lines.length, 4);
  assert.ok(
    lines[1].startsWith(
      `${codes[0].id},海报 A,地铁/2号线,双十一,temporary,${codes[0].sceneId},${codes[0].url},${codes[0].expiresAt}`,
    ),
    lines[1],
  );
  assert.ok(lines[2].includes(`,门店,,permanent,shop_zip,${codes[1].url},`), lines[2]);
  assert.ok(lines[3].startsWith(`${codes[2].id},"Poster, big",朋友圈`), "commas are quoted");
});

test("ZIP requests are checked: ids list, at most 1,000, known codes, a session or token", async () => {
  const { ARCHIVE_LIMITS } = await import("@/lib/limits");
  assert.equal(ARCHIVE_LIMITS.maxCodes, 1000);
  const [{ id }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM qr_codes WHERE status = 'active' LIMIT 1");
  const many = Array.from({ length: 1001 }, (_, i) => i + 1).join(",");
  const tooMany = await download(`/api/qrcodes/zip?ids=${many}`);
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.json().error.field, "ids");
  assert.equal((await download("/api/qrcodes/zip?ids=1,abc")).status, 400);
  assert.equal((await download("/api/qrcodes/zip")).status, 400);
  assert.equal((await download(`/api/qrcodes/zip?ids=${id}&size=5000`)).status, 400);
  const heavy = await download(`/api/qrcodes/zip?ids=${Array.from({ length: 600 }, (_, i) => i + 1).join(",")}&size=2048`);
  assert.equal(heavy.status, 400, "too many pixels for one download");
  assert.deepEqual([heavy.json().error.code, heavy.json().error.field], ["too_large", "size"]);
  const missing = await download(`/api/qrcodes/zip?ids=${id},999999`);
  assert.equal(missing.status, 404);
  assert.match(missing.json().error.message, /999999/);
  assert.equal((await fetch(`${app.baseUrl}/api/qrcodes/zip?ids=${id}`)).status, 401);
  const five = Array.from({ length: 1000 }, () => id).join(",");
  assert.equal((await download(`/api/qrcodes/zip?ids=${five}&size=64`)).status, 200, "repeated ids count once");
});

test("renewing an expired temporary code: new ticket, same id and scene, reply and events kept", async () => {
  const code = await create({
    name: "续期",
    channel: "地铁",
    kind: "temporary",
    sceneStr: "renew_me",
    expireSeconds: 7 * 86400,
    reply: { type: "text", content: "谜底：灯笼" },
  });
  const scanned = await api(app.baseUrl, tokens.operator, `/api/qrcodes/${code.id}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid: "o_before", follower: false }),
  });
  assert.equal(scanned.status, 200, JSON.stringify(scanned.body));

  const early = await api(app.baseUrl, tokens.marketer, `/api/qrcodes/${code.id}/renew`, { method: "POST" });
  assert.equal(early.status, 409, "an active code is not renewed");
  assert.equal(early.body.error.code, "still_active");

  await expire(code.id);
  const listed = await api(app.baseUrl, tokens.analyst, "/api/qrcodes?status=expired&q=renew_me");
  assert.deepEqual(
    listed.body.items.map((c: { id: number }) => c.id),
    [code.id],
  );
  assert.equal(listed.body.items[0].status, "expired");

  assert.equal((await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${code.id}/renew`, { method: "POST" })).status, 403);
  assert.equal((await api(app.baseUrl, tokens.operator, `/api/qrcodes/${code.id}/renew`, { method: "POST" })).status, 403);

  const renewed = await api(app.baseUrl, tokens.marketer, `/api/qrcodes/${code.id}/renew`, { method: "POST" });
  assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
  assert.equal(renewed.body.id, code.id);
  assert.equal(renewed.body.sceneStr, "renew_me");
  assert.notEqual(renewed.body.ticket, code.ticket);
  assert.notEqual(renewed.body.url, code.url);
  assert.equal(renewed.body.status, "active");
  assert.equal(renewed.body.expireSeconds, 7 * 86400, "the same lifetime as before");
  assert.ok(Math.abs(Date.parse(renewed.body.expiresAt) - Date.now() - 7 * 86400_000) < 60_000);
  assert.deepEqual(renewed.body.reply, { type: "text", content: "谜底：灯笼" });

  const [ticket] = await query<{ scene_str: string; action_name: string }>(
    app.databaseUrl,
    "SELECT scene_str, action_name FROM sandbox_tickets WHERE ticket = $1",
    [renewed.body.ticket],
  );
  assert.deepEqual(ticket, { scene_str: "renew_me", action_name: "QR_STR_SCENE" }, "WeChat was asked for the same scene");

  const after = await api(app.baseUrl, tokens.operator, `/api/qrcodes/${code.id}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid: "o_after", follower: true }),
  });
  assert.equal(after.status, 200, JSON.stringify(after.body));
  assert.equal(after.body.reply.Content, "谜底：灯笼");
  const events = await query<{ openid: string }>(app.databaseUrl, "SELECT openid FROM events WHERE qr_code_id = $1 ORDER BY id", [
    code.id,
  ]);
  assert.deepEqual(
    events.map((e) => e.openid),
    ["o_before", "o_after"],
    "statistics before and after stay on the code",
  );

  const again = await api(app.baseUrl, tokens.marketer, `/api/qrcodes/${code.id}/renew`, { method: "POST" });
  assert.equal(again.status, 409, "renewed once, it is active again");
});

test("renew: a chosen lifetime, integer scenes, and refusals (permanent, bad input, unknown)", async () => {
  const code = await create({ name: "int", channel: "c", kind: "temporary", expireSeconds: 600 });
  await expire(code.id);
  const bad = await api(app.baseUrl, tokens.marketer, `/api/qrcodes/${code.id}/renew`, {
    method: "POST",
    body: JSON.stringify({ expireSeconds: 10 }),
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "expireSeconds");
  const malformed = await api(app.baseUrl, tokens.marketer, `/api/qrcodes/${code.id}/renew`, { method: "POST", body: "{oops" });
  assert.equal(malformed.status, 400);
  const renewed = await api(app.baseUrl, tokens.admin, `/api/qrcodes/${code.id}/renew`, {
    method: "POST",
    body: JSON.stringify({ expireSeconds: 86400 }),
  });
  assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
  assert.equal(renewed.body.sceneId, code.sceneId);
  assert.equal(renewed.body.expireSeconds, 86400);
  assert.ok(Math.abs(Date.parse(renewed.body.expiresAt) - Date.now() - 86400_000) < 60_000);

  const permanent = await create({ name: "perm", channel: "c", kind: "permanent" });
  const refused = await api(app.baseUrl, tokens.marketer, `/api/qrcodes/${permanent.id}/renew`, { method: "POST" });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "permanent_code");
  assert.equal((await api(app.baseUrl, tokens.marketer, "/api/qrcodes/999999/renew", { method: "POST" })).status, 404);
});

test("renew maps WeChat's refusal like creation does and leaves the code as it was", async () => {
  const code = await create({ name: "quota", channel: "c", kind: "temporary", expireSeconds: 600 });
  await expire(code.id);
  const [{ app_id }] = await query<{ app_id: string }>(app.databaseUrl, "SELECT app_id FROM accounts WHERE id = $1", [accountId]);
  await query(
    app.databaseUrl,
    "INSERT INTO sandbox_faults (app_id, api, errcode, errmsg, remaining) VALUES ($1, 'qrcode/create', 45009, 'reach max api daily quota limit', 1)",
    [app_id],
  );
  const res = await api(app.baseUrl, tokens.marketer, `/api/qrcodes/${code.id}/renew`, { method: "POST" });
  assert.equal(res.status, 429, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "wechat_quota");
  const [row] = await query<{ ticket: string }>(app.databaseUrl, "SELECT ticket FROM qr_codes WHERE id = $1", [code.id]);
  assert.equal(row.ticket, code.ticket);
});

test("permanent quota per account, for every role that reads codes", async () => {
  const before = await api(app.baseUrl, tokens.analyst, `/api/accounts/${accountId}/quota`);
  assert.equal(before.status, 200, JSON.stringify(before.body));
  const [{ n }] = await query<{ n: number }>(
    app.databaseUrl,
    "SELECT count(*)::int AS n FROM qr_codes WHERE account_id = $1 AND kind = 'permanent'",
    [accountId],
  );
  assert.deepEqual(before.body, { accountId, permanent: { used: n, limit: 100000, remaining: 100000 - n } });
  await create({ name: "another", channel: "c", kind: "permanent" });
  await create({ name: "temp", channel: "c", kind: "temporary" });
  const afterwards = await api(app.baseUrl, tokens.operator, `/api/accounts/${accountId}/quota`);
  assert.equal(afterwards.body.permanent.used, n + 1, "only permanent codes count");
  assert.equal((await api(app.baseUrl, tokens.analyst, "/api/accounts/999999/quota")).status, 404);
  assert.equal((await fetch(`${app.baseUrl}/api/accounts/${accountId}/quota`)).status, 401);
});

test("campaigns and channels for the filters, with their code counts", async () => {
  await create({ name: "cc1", channel: "筛选渠道", campaign: "筛选活动", kind: "temporary" });
  await create({ name: "cc2", channel: "筛选渠道", campaign: "筛选活动", kind: "temporary" });
  const campaigns = await api(app.baseUrl, tokens.analyst, `/api/campaigns?accountId=${accountId}`);
  assert.equal(campaigns.status, 200);
  assert.deepEqual(campaigns.body.items.find((c: { name: string }) => c.name === "筛选活动")?.codes, 2);
  const channels = await api(app.baseUrl, tokens.analyst, "/api/channels");
  assert.equal(channels.body.items.find((c: { name: string }) => c.name === "筛选渠道")?.codes, 2);
  assert.deepEqual((await api(app.baseUrl, tokens.analyst, "/api/channels?accountId=999999")).body.items, []);
  assert.equal((await api(app.baseUrl, tokens.analyst, "/api/channels?accountId=x")).status, 400);
  assert.equal((await fetch(`${app.baseUrl}/api/campaigns`)).status, 401);
});

test("the list sorts by name and expiry, and finds an integer scene by its number", async () => {
  await create({ name: "排序 b", channel: "sort", kind: "temporary", expireSeconds: 7200 });
  await create({ name: "排序 a", channel: "sort", kind: "temporary", expireSeconds: 86400 });
  await create({ name: "排序 c", channel: "sort", kind: "permanent" });
  const names = async (sort: string) =>
    (await api(app.baseUrl, tokens.analyst, `/api/qrcodes?channel=sort&sort=${sort}`)).body.items.map(
      (c: { name: string }) => c.name,
    );
  assert.deepEqual(await names("name"), ["排序 a", "排序 b", "排序 c"]);
  assert.deepEqual(await names("expiry"), ["排序 b", "排序 a", "排序 c"], "soonest first, permanent last");
  assert.deepEqual(await names("newest"), ["排序 c", "排序 a", "排序 b"]);
  assert.equal((await api(app.baseUrl, tokens.analyst, "/api/qrcodes?sort=random")).status, 400);

  const code = await create({ name: "by scene", channel: "sort2", kind: "temporary", sceneId: 4_000_000_001 });
  const found = await api(app.baseUrl, tokens.analyst, "/api/qrcodes?q=4000000001");
  assert.deepEqual(
    found.body.items.map((c: { id: number }) => c.id),
    [code.id],
  );
});
