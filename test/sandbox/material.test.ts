import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { query } from "../helpers/database";
import { formWith, pngOf, pngSized } from "../helpers/images";

// The sandbox's material/add_material and get_materialcount over real HTTP against the running app,
// answered as WeChat answers: HTTP 200 with its errcode for each refusal, media_id and url on success.

let app: RunningApp;
let appId = "";
let token = "";

before(async () => {
  app = await startApp();
  [{ app_id: appId }] = await query<{ app_id: string }>(app.databaseUrl, "SELECT app_id FROM accounts WHERE sandbox");
  const { issueAccessToken } = await import("@/lib/sandbox/tokens");
  token = (await issueAccessToken(appId, Date.now())).accessToken;
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

async function addMaterial(params: Record<string, string>, body?: BodyInit, headers?: Record<string, string>) {
  const url = `${app.baseUrl}/api/sandbox/cgi-bin/material/add_material?${new URLSearchParams(params)}`;
  const res = await fetch(url, { method: "POST", body, headers });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const stored = async () =>
  Number(
    (await query<{ n: string }>(app.databaseUrl, "SELECT count(*) AS n FROM sandbox_material WHERE app_id = $1", [appId]))[0].n,
  );

const errcodeOf = (answer: { status: number; json: Record<string, unknown> }) => {
  assert.equal(answer.status, 200, "WeChat answers refusals with HTTP 200");
  assert.match(String(answer.json.errmsg), / rid: [0-9a-f-]+$/);
  return answer.json.errcode;
};

test("an image is added as permanent material: media_id, mmbiz url, the bytes kept, counted", async () => {
  const png = pngOf(3, 2);
  const answer = await addMaterial({ access_token: token, type: "image" }, formWith("media", png, "welcome.png", "image/png"));
  assert.equal(answer.status, 200);
  assert.equal(answer.json.errcode, undefined, JSON.stringify(answer.json));
  assert.match(String(answer.json.media_id), /^[A-Za-z0-9_-]{43}$/);
  assert.match(String(answer.json.url), /^http:\/\/mmbiz\.qpic\.cn\/mmbiz_png\/[A-Za-z0-9_-]+\/0\?wx_fmt=png$/);
  const [row] = await query<{ bytes: Buffer; content_type: string; file_name: string; type: string }>(
    app.databaseUrl,
    "SELECT bytes, content_type, file_name, type FROM sandbox_material WHERE media_id = $1",
    [answer.json.media_id],
  );
  assert.deepEqual(Buffer.compare(row.bytes, png), 0);
  assert.deepEqual([row.content_type, row.file_name, row.type], ["image/png", "welcome.png", "image"]);

  const count = await fetch(`${app.baseUrl}/api/sandbox/cgi-bin/material/get_materialcount?access_token=${token}`);
  assert.deepEqual(await count.json(), { voice_count: 0, video_count: 0, image_count: await stored(), news_count: 0 });
});

test("the file's bytes decide its type, not its name or declared type; a .jpg name on PNG bytes is fine", async () => {
  const before = await stored();
  const text = Buffer.from("not an image at all, whatever the name says");
  assert.equal(
    errcodeOf(await addMaterial({ access_token: token, type: "image" }, formWith("media", text, "a.png", "image/png"))),
    40005,
  );
  const gifName = formWith("media", Buffer.from("GIF87"), "a.gif", "image/gif"); // cut short before the version's "a"
  assert.equal(errcodeOf(await addMaterial({ access_token: token, type: "image" }, gifName)), 40005);
  assert.equal(await stored(), before);
  const renamed = await addMaterial({ access_token: token, type: "image" }, formWith("media", pngOf(1, 1), "photo.jpg"));
  assert.match(String(renamed.json.media_id), /^[A-Za-z0-9_-]{43}$/);
});

test("WeChat's refusals: 41001/40001 token, 40004 type, 41005 no media part, 40009 over 10 MB, 43002 GET", async () => {
  const before = await stored();
  const png = () => formWith("media", pngOf(1, 1), "x.png", "image/png");
  assert.equal(errcodeOf(await addMaterial({ type: "image" }, png())), 41001);
  assert.equal(errcodeOf(await addMaterial({ access_token: "not-a-token", type: "image" }, png())), 40001);
  assert.equal(errcodeOf(await addMaterial({ access_token: token, type: "file" }, png())), 40004);
  assert.equal(errcodeOf(await addMaterial({ access_token: token }, png())), 40004);
  assert.equal(
    errcodeOf(await addMaterial({ access_token: token, type: "image" }, formWith("file", pngOf(1, 1), "x.png"))),
    41005,
  );
  const form = new FormData();
  form.append("media", "just text, no file");
  assert.equal(errcodeOf(await addMaterial({ access_token: token, type: "image" }, form)), 41005);
  assert.equal(
    errcodeOf(await addMaterial({ access_token: token, type: "image" }, "{}", { "content-type": "application/json" })),
    41005,
  );
  const tenMb = 10 * 1024 * 1024;
  assert.equal(
    errcodeOf(await addMaterial({ access_token: token, type: "image" }, formWith("media", pngSized(tenMb + 1), "big.png"))),
    40009,
  );
  // exactly 10 MB is still an image WeChat takes
  const atLimit = await addMaterial({ access_token: token, type: "image" }, formWith("media", pngSized(tenMb), "ten.png"));
  assert.match(String(atLimit.json.media_id), /^[A-Za-z0-9_-]{43}$/, JSON.stringify(atLimit.json));
  // far larger bodies are not read at all
  const huge = await addMaterial({ access_token: token, type: "image" }, formWith("media", pngSized(3 * tenMb), "huge.png"));
  assert.equal(errcodeOf(huge), 40009);
  const get = await fetch(`${app.baseUrl}/api/sandbox/cgi-bin/material/add_material?access_token=${token}&type=image`);
  assert.equal(((await get.json()) as { errcode: number }).errcode, 43002);
  assert.equal(await stored(), before + 1);
});

test("an account holding its limit of images is refused with 45034 and nothing is added", async () => {
  const { addMaterialApi } = await import("@/lib/sandbox/material-api");
  const { MATERIAL_RULES } = await import("@/lib/wechat/limits");
  assert.equal(MATERIAL_RULES.imageCount, 100_000);
  const held = await stored();
  const body = new Response(formWith("media", pngOf(1, 1), "one-more.png"));
  const req = { contentType: body.headers.get("content-type") ?? "", body: Buffer.from(await body.arrayBuffer()) };
  const q = new URLSearchParams({ access_token: token, type: "image" });
  const refused = await addMaterialApi(q, req, { limits: { imageCount: held } });
  assert.equal(refused.json.errcode, 45034);
  assert.match(String(refused.json.errmsg), /^media file count is out of limit rid: /);
  assert.equal(await stored(), held);
  const room = await addMaterialApi(q, req, { limits: { imageCount: held + 1 } });
  assert.equal(typeof room.json.media_id, "string");
});

test("a queued fault answers add_material first (as for the other sandbox APIs)", async () => {
  const { injectFault } = await import("@/lib/sandbox/faults");
  await injectFault(appId, "material/add_material", 45009);
  const png = formWith("media", pngOf(1, 1), "x.png", "image/png");
  assert.equal(errcodeOf(await addMaterial({ access_token: token, type: "image" }, png)), 45009);
});

async function delMaterial(params: Record<string, string>, body: string) {
  const url = `${app.baseUrl}/api/sandbox/cgi-bin/material/del_material?${new URLSearchParams(params)}`;
  const res = await fetch(url, { method: "POST", body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test("del_material deletes one material by media_id; 40007 for one the account has not, 47001 no JSON, 41001/40001 token, 43002 GET", async () => {
  const added = await addMaterial(
    { access_token: token, type: "image" },
    formWith("media", pngOf(2, 2), "gone.png", "image/png"),
  );
  const mediaId = String(added.json.media_id);
  const before = await stored();

  assert.equal(errcodeOf(await delMaterial({}, JSON.stringify({ media_id: mediaId }))), 41001);
  assert.equal(errcodeOf(await delMaterial({ access_token: "nope" }, JSON.stringify({ media_id: mediaId }))), 40001);
  assert.equal(errcodeOf(await delMaterial({ access_token: token }, `media_id=${mediaId}`)), 47001);
  assert.equal(errcodeOf(await delMaterial({ access_token: token }, JSON.stringify({ media_id: 7 }))), 40007);
  const get = await fetch(`${app.baseUrl}/api/sandbox/cgi-bin/material/del_material?access_token=${token}`);
  assert.equal(errcodeOf({ status: get.status, json: await get.json() }), 43002);
  assert.equal(await stored(), before, "no refusal deleted anything");

  const deleted = await delMaterial({ access_token: token }, JSON.stringify({ media_id: mediaId }));
  assert.deepEqual([deleted.status, deleted.json.errcode, deleted.json.errmsg], [200, 0, "ok"]);
  assert.equal(await stored(), before - 1);
  const count = await fetch(`${app.baseUrl}/api/sandbox/cgi-bin/material/get_materialcount?access_token=${token}`);
  assert.equal(((await count.json()) as { image_count: number }).image_count, before - 1);
  assert.equal(
    errcodeOf(await delMaterial({ access_token: token }, JSON.stringify({ media_id: mediaId }))),
    40007,
    "deleted twice",
  );
});
