import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { query } from "../helpers/database";
import { formWith, pngOf, pngSized } from "../helpers/images";
import { seedActiveCode } from "../helpers/seed";

// Reply images through our API over real HTTP: checked before WeChat (the sandbox) is called,
// uploaded through the app's WeChat client, kept with their bytes, listed, served, audited.

let app: RunningApp;
let accountId = 0;
let appId = "";
const tokens: Record<string, string> = {};

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  for (const role of ["operator", "analyst"] as const) tokens[role] = (await createApiToken({ role, name: `${role} bot` })).token;
  [{ id: accountId, app_id: appId }] = await query<{ id: number; app_id: string }>(
    app.databaseUrl,
    "SELECT id, app_id FROM accounts WHERE sandbox",
  );
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

async function upload(body: BodyInit, token = tokens.operator, id = accountId, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.baseUrl}/api/accounts/${id}/reply-images`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const get = (path: string, token = tokens.analyst) =>
  fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** How many rows the upload could have touched: ours, the sandbox's (WeChat's) and the audit log's. */
async function counts() {
  const [row] = await query<{ images: string; material: string; audit: string }>(
    app.databaseUrl,
    `SELECT (SELECT count(*) FROM reply_images) AS images,
            (SELECT count(*) FROM sandbox_material) AS material,
            (SELECT count(*) FROM audit_entries WHERE action = 'reply.image_upload') AS audit`,
  );
  return row;
}

test("an operator uploads a PNG: stored at WeChat and here, listed newest first without bytes, served as it was", async () => {
  const first = pngOf(4, 3);
  const a = await upload(formWith("image", first, "春节海报.png", "image/png"));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.body.accountId, accountId);
  assert.match(a.body.mediaId, /^[A-Za-z0-9_-]{43}$/);
  assert.match(a.body.url, /^http:\/\/mmbiz\.qpic\.cn\//);
  assert.deepEqual(
    [a.body.fileName, a.body.contentType, a.body.byteSize, a.body.width, a.body.height, a.body.createdBy],
    ["春节海报.png", "image/png", first.length, 4, 3, "operator bot"],
  );
  assert.equal(a.body.bytes, undefined);
  // the sandbox (WeChat) holds the same bytes under that media_id
  const [material] = await query<{ bytes: Buffer; app_id: string }>(
    app.databaseUrl,
    "SELECT bytes, app_id FROM sandbox_material WHERE media_id = $1",
    [a.body.mediaId],
  );
  assert.equal(material.app_id, appId);
  assert.equal(Buffer.compare(material.bytes, first), 0);

  const b = await upload(formWith("image", pngOf(2, 2, [0, 0, 255, 255]), "blue.png"));
  assert.equal(b.status, 201);
  const list = await get(`/api/accounts/${accountId}/reply-images`);
  assert.equal(list.status, 200);
  const { items } = (await list.json()) as { items: Record<string, unknown>[] };
  assert.deepEqual(
    items.map((i) => i.id),
    [b.body.id, a.body.id],
  );
  assert.ok(items.every((i) => !("bytes" in i)));

  const content = await get(`/api/reply-images/${a.body.id}/content`);
  assert.equal(content.status, 200);
  assert.equal(content.headers.get("content-type"), "image/png");
  assert.equal(content.headers.get("x-content-type-options"), "nosniff");
  assert.match(content.headers.get("cache-control") ?? "", /private.*max-age=\d+/);
  assert.equal(Buffer.compare(Buffer.from(await content.arrayBuffer()), first), 0);

  const [audit] = await query<{ target_type: string; target_id: string; actor_name: string }>(
    app.databaseUrl,
    "SELECT target_type, target_id, actor_name FROM audit_entries WHERE action = 'reply.image_upload' ORDER BY id LIMIT 1",
  );
  assert.deepEqual(audit, { target_type: "account", target_id: String(accountId), actor_name: "operator bot" });
});

test("bad uploads are refused with a clear 4xx before WeChat is called, and change nothing", async () => {
  const before = await counts();
  const refused = async (body: BodyInit, status: number, code: string, headers: Record<string, string> = {}) => {
    const res = await upload(body, tokens.operator, accountId, headers);
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code);
    return res.body.error;
  };
  assert.equal(
    (await refused(formWith("image", Buffer.from("plain text"), "a.png", "image/png"), 400, "image_type")).field,
    "image",
  );
  assert.equal((await refused(formWith("picture", pngOf(1, 1), "a.png"), 400, "image_missing")).field, "image");
  await refused(formWith("image", Buffer.alloc(0), "empty.png"), 400, "image_missing");
  await refused(JSON.stringify({ image: "x" }), 415, "unsupported_media_type", { "content-type": "application/json" });
  await refused(formWith("image", pngSized(10 * 1024 * 1024 + 1), "big.png"), 413, "image_too_large");
  await refused(formWith("image", pngSized(25 * 1024 * 1024), "huge.png"), 413, "image_too_large");
  await refused("--x\r\nbroken", 400, "invalid_multipart", { "content-type": "multipart/form-data; boundary=x" });
  assert.equal((await upload(formWith("image", pngOf(1, 1), "a.png"), tokens.analyst)).status, 403);
  assert.equal((await upload(formWith("image", pngOf(1, 1), "a.png"), tokens.operator, 999_999)).status, 404);
  assert.equal((await upload(formWith("image", pngOf(1, 1), "a.png"), tokens.operator, 0)).status, 400);
  assert.deepEqual(await counts(), before);

  assert.equal((await get("/api/reply-images/999999/content")).status, 404);
  assert.equal((await get("/api/reply-images/abc/content")).status, 400);
  assert.equal((await get("/api/accounts/999999/reply-images")).status, 404);
});

test("WeChat's refusal comes back as a 502 with its errcode and words; nothing is kept", async () => {
  const { injectFault } = await import("@/lib/sandbox/faults");
  const before = await counts();
  await injectFault(appId, "material/add_material", 45034);
  const full = await upload(formWith("image", pngOf(1, 1), "a.png"));
  assert.equal(full.status, 502, JSON.stringify(full.body));
  assert.equal(full.body.error.code, "wechat_other");
  assert.equal(full.body.error.errcode, 45034);
  assert.match(full.body.error.message, /100,000 permanent images/);
  await injectFault(appId, "material/add_material", 40005);
  const type = await upload(formWith("image", pngOf(1, 1), "a.png"));
  assert.equal(type.status, 502);
  assert.equal(type.body.error.errcode, 40005);
  assert.deepEqual(await counts(), before);
});

const send = (method: string, path: string, body?: unknown, token = tokens.operator) =>
  fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const material = async (mediaId: string) =>
  (await query(app.databaseUrl, "SELECT 1 FROM sandbox_material WHERE media_id = $1", [mediaId])).length;
const kept = async (id: number) => (await query(app.databaseUrl, "SELECT 1 FROM reply_images WHERE id = $1", [id])).length;

test("an image still sent by a reply cannot be deleted (409, its uses listed); unused, it leaves WeChat and the library, audited", async () => {
  const image = (await upload(formWith("image", pngOf(6, 6), "灯笼.png", "image/png"))).body;
  const codeId = await seedActiveCode({ accountId, channel: "门店", name: "灯笼码", sceneStr: "lantern_delete" });
  assert.equal((await send("PUT", `/api/qrcodes/${codeId}/reply`, { type: "image", mediaId: image.mediaId })).status, 200);
  assert.equal(
    (await send("PUT", `/api/accounts/${accountId}/replies`, { follow: { type: "image", mediaId: image.mediaId } })).status,
    200,
  );

  const rule = await send("POST", `/api/accounts/${accountId}/keywords`, {
    match: "exact",
    keywords: ["灯笼", "lantern"],
    reply: { type: "image", mediaId: image.mediaId },
  });
  assert.equal(rule.status, 201, await rule.clone().text());
  const ruleId = ((await rule.json()) as { id: number }).id;
  const followUps = { welcomeFirst: false, messages: [{ type: "image", mediaId: image.mediaId }] };
  assert.equal((await send("PUT", `/api/qrcodes/${codeId}/follow-ups`, followUps)).status, 200);

  const listed = (await (await get(`/api/accounts/${accountId}/reply-images`)).json()) as {
    items: { id: number; uses: { kind: string; name: string | null }[] }[];
  };
  const uses = listed.items.find((i) => i.id === image.id)?.uses ?? [];
  assert.deepEqual(uses.map((u) => `${u.kind}:${u.name}`).sort(), [
    "code:灯笼码",
    "follow:null",
    "followUp:灯笼码",
    "keyword:灯笼 / lantern",
  ]);

  assert.equal((await send("DELETE", `/api/reply-images/${image.id}`, undefined, tokens.analyst)).status, 403);
  const refused = await send("DELETE", `/api/reply-images/${image.id}`);
  assert.equal(refused.status, 409);
  const { error } = (await refused.json()) as { error: { code: string; message: string } };
  assert.equal(error.code, "image_in_use");
  assert.match(error.message, /the reply of code "灯笼码"/);
  assert.match(error.message, /the welcome reply/);
  assert.match(error.message, /the reply to keyword "灯笼 \/ lantern"/);
  assert.deepEqual([await kept(image.id), await material(image.mediaId)], [1, 1], "refused: kept here and at WeChat");

  assert.equal((await send("DELETE", `/api/qrcodes/${codeId}/reply`)).status, 200);
  assert.equal((await send("PUT", `/api/accounts/${accountId}/replies`, { follow: null })).status, 200);
  assert.equal((await send("DELETE", `/api/keywords/${ruleId}`)).status, 200);
  const stillFollowUp = await send("DELETE", `/api/reply-images/${image.id}`);
  assert.equal(stillFollowUp.status, 409, "the follow-up still sends it");
  const { error: left } = (await stillFollowUp.json()) as { error: { message: string } };
  assert.match(left.message, /^the image is still sent as a follow-up of code "灯笼码": change those first$/);
  assert.equal((await send("PUT", `/api/qrcodes/${codeId}/follow-ups`, { welcomeFirst: false, messages: [] })).status, 200);
  assert.equal((await send("DELETE", `/api/reply-images/${image.id}`)).status, 204);
  assert.deepEqual([await kept(image.id), await material(image.mediaId)], [0, 0], "gone here and at WeChat");
  const audit = await query<{ before: { image: { mediaId: string } }; after: unknown }>(
    app.databaseUrl,
    "SELECT before, after FROM audit_entries WHERE action = 'reply.image_delete'",
  );
  assert.deepEqual([audit.length, audit[0].before.image.mediaId, audit[0].after], [1, image.mediaId, null]);

  assert.equal((await send("DELETE", `/api/reply-images/${image.id}`)).status, 404);
  assert.equal((await send("DELETE", "/api/reply-images/abc")).status, 400);
});

test("deleting an image WeChat no longer has forgets it; another refusal of WeChat is a 502 that keeps it", async () => {
  const gone = (await upload(formWith("image", pngOf(2, 2), "gone.png", "image/png"))).body;
  await query(app.databaseUrl, "DELETE FROM sandbox_material WHERE media_id = $1", [gone.mediaId]);
  assert.equal((await send("DELETE", `/api/reply-images/${gone.id}`)).status, 204, "40007 means already deleted");
  assert.equal(await kept(gone.id), 0);

  const stays = (await upload(formWith("image", pngOf(2, 2), "stays.png", "image/png"))).body;
  const { injectFault } = await import("@/lib/sandbox/faults");
  await injectFault(appId, "material/del_material", 48001);
  const refused = await send("DELETE", `/api/reply-images/${stays.id}`);
  assert.equal(refused.status, 502);
  assert.equal(((await refused.json()) as { error: { errcode: number } }).error.errcode, 48001);
  assert.deepEqual([await kept(stays.id), await material(stays.mediaId)], [1, 1]);
});
