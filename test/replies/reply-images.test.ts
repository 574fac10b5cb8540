import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { query } from "../helpers/database";
import { formWith, pngOf, pngSized } from "../helpers/images";

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
