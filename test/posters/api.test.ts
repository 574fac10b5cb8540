import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { PNG } from "pngjs";
import { query } from "../helpers/database";
import { declaringPng } from "../helpers/png";
import { posterBackground, readPoster } from "../helpers/poster-image";
import { readZip } from "../codes/read-zip";
import { codeFileName } from "@/lib/file-names";

// Poster templates and posters through the running app: real HTTP, real PostgreSQL, real rendering.

let app: RunningApp;
let tokens: Record<"marketer" | "analyst", string>;
let accountId: number;

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ marketer: "poster-marketer", analyst: "poster-analyst" }));
  [{ id: accountId }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
});
after(() => stopApp(app));

const fields = {
  name: "地铁海报",
  qrX: 150,
  qrY: 300,
  qrSize: 300,
  captionText: "{channel} · {name}",
  captionX: 300,
  captionY: 700,
  captionSize: 40,
  captionColor: "#ffffff",
};

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(`${app.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${init.token ?? tokens.marketer}`, ...(init.headers ?? {}) },
  });
  const type = res.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await res.json() : Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: body as any, headers: res.headers };
}

function form(template: unknown, background?: Buffer, type = "image/png") {
  const data = new FormData();
  data.set("template", JSON.stringify(template));
  if (background) data.set("background", new Blob([new Uint8Array(background)], { type }), "background");
  return data;
}

const createTemplate = (template: unknown, background?: Buffer, type?: string) =>
  call("/api/posters", { method: "POST", body: form(template, background, type) });

const putJson = (id: number, patch: unknown) =>
  call(`/api/posters/${id}`, { method: "PUT", body: JSON.stringify(patch), headers: { "content-type": "application/json" } });

async function rows(): Promise<{ id: number; name: string; width: number; qr_x: number; caption_text: string }[]> {
  return query(app.databaseUrl, "SELECT id, name, width, qr_x, caption_text FROM poster_templates ORDER BY id");
}

function refused(res: { status: number; body: any }, status: number, field?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(typeof res.body.error?.message, "string", JSON.stringify(res.body));
  if (field) assert.equal(res.body.error.field, field, JSON.stringify(res.body));
}

/** Codes of the sandbox account, straight into the table (their urls are what the posters must hold). */
async function codes(n: number, channelName: string): Promise<{ id: number; name: string; url: string }[]> {
  const { prisma } = await import("@/lib/db/client");
  const channel = await prisma.channel.create({ data: { accountId, name: channelName } });
  await prisma.qrCode.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      accountId,
      channelId: channel.id,
      name: `海报码 ${i + 1}`,
      kind: "permanent" as const,
      sceneStr: `${channelName}_${i + 1}`,
      ticket: `t-${channelName}-${i + 1}`,
      url: `http://weixin.qq.com/q/${channelName}${String(i + 1).padStart(4, "0")}`,
      status: "active" as const,
    })),
  });
  return query(app.databaseUrl, "SELECT id, name, url FROM qr_codes WHERE channel_id = $1 ORDER BY id", [channel.id]);
}

test("templates: create with a background, list, read, change, replace the background, delete; each change audited", async () => {
  const background = posterBackground(600, 900);
  const created = await createTemplate(fields, background);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  assert.deepEqual(
    { ...created.body, id: 0, createdAt: "", updatedAt: "" },
    {
      ...fields,
      id: 0,
      accountId,
      captionAlign: "center",
      backgroundType: "image/png",
      width: 600,
      height: 900,
      createdAt: "",
      updatedAt: "",
    },
  );
  assert.equal(created.body.background, undefined, "the bytes are not in the JSON");

  const list = await call("/api/posters", { token: tokens.analyst });
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.items.map((p: { id: number }) => p.id),
    [id],
  );
  assert.equal((await call(`/api/posters/${id}`, { token: tokens.analyst })).body.name, "地铁海报");
  const stored = await call(`/api/posters/${id}/background`, { token: tokens.analyst });
  assert.equal(stored.status, 200);
  assert.equal(stored.headers.get("content-type"), "image/png");
  assert.ok(Buffer.from(stored.body).equals(background), "the background comes back as uploaded");

  const changed = await putJson(id, { captionText: "扫码关注 {campaign}", captionAlign: "left", captionX: 20 });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.captionText, "扫码关注 {campaign}");
  assert.equal(changed.body.qrSize, 300, "what is not given stays");

  const jpeg = posterBackground(800, 1000, "jpeg");
  const replaced = await call(`/api/posters/${id}`, { method: "PUT", body: form({ name: "新背景" }, jpeg, "image/jpeg") });
  assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
  assert.deepEqual(
    [replaced.body.name, replaced.body.width, replaced.body.height, replaced.body.backgroundType],
    ["新背景", 800, 1000, "image/jpeg"],
  );
  assert.ok(Buffer.from((await call(`/api/posters/${id}/background`)).body).equals(jpeg));

  assert.equal((await call(`/api/posters/${id}`, { method: "DELETE" })).status, 200);
  refused(await call(`/api/posters/${id}`), 404);
  refused(await call(`/api/posters/${id}`, { method: "DELETE" }), 404);
  refused(await call(`/api/posters/${id}/background`), 404);

  const audit = await query<{ action: string; target_id: string }>(
    app.databaseUrl,
    "SELECT action, target_id FROM audit_entries WHERE target_type = 'poster' ORDER BY id",
  );
  assert.deepEqual(
    audit.map((a) => a.action),
    ["poster.create", "poster.update", "poster.update", "poster.delete"],
  );
  assert.ok(audit.every((a) => a.target_id === String(id)));
});

test("a bad background or a code outside the background is a clear 4xx and stores nothing", async () => {
  const before = await rows();
  const bg = posterBackground(600, 900);
  refused(await createTemplate(fields), 400, "background");
  refused(await createTemplate(fields, Buffer.from("GIF89a\x01\x00\x01\x00"), "image/gif"), 400, "background");
  refused(await createTemplate(fields, posterBackground(199, 900)), 400, "background");
  refused(await createTemplate(fields, declaringPng(60000, 60000)), 400, "background");
  refused(await createTemplate(fields, Buffer.concat([bg.subarray(0, 33), Buffer.alloc(400, 9)])), 400, "background");
  refused(await createTemplate(fields, Buffer.alloc(5 * 1024 * 1024 + 1, 1)), 413, "background");
  refused(await createTemplate({ ...fields, qrX: 301 }, bg), 400, "qrX");
  refused(await createTemplate({ ...fields, qrY: 601 }, bg), 400, "qrY");
  refused(await createTemplate({ ...fields, qrSize: 99 }, bg), 400, "qrSize");
  refused(await createTemplate({ ...fields, captionY: 900 }, bg), 400, "captionY");
  refused(await createTemplate({ ...fields, captionColor: "red" }, bg), 400, "captionColor");
  refused(await createTemplate({ ...fields, name: " " }, bg), 400, "name");
  refused(await createTemplate({ ...fields, extra: 1 }, bg), 400);
  refused(await call("/api/posters", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }), 400);
  refused(await call("/api/posters", { method: "POST", body: "x", headers: { "content-type": "text/plain" } }), 415);
  assert.deepEqual(await rows(), before, "nothing was stored");

  const first = await createTemplate(fields, bg);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  refused(await createTemplate(fields, bg), 409, "name");
  const analyst = await call("/api/posters", { method: "POST", body: form({ ...fields, name: "x" }, bg), token: tokens.analyst });
  refused(analyst, 403);

  const kept = (await rows()).find((r) => r.id === first.body.id)!;
  // moving the code out, or a smaller background it no longer fits, changes nothing
  refused(await putJson(kept.id, { qrX: 400 }), 400, "qrX");
  refused(await putJson(kept.id, {}), 400);
  refused(await call(`/api/posters/${kept.id}`, { method: "PUT", body: form({}, posterBackground(400, 400)) }), 400, "qrX");
  refused(await call(`/api/posters/${kept.id}`, { method: "PUT", body: form({}, Buffer.from("nope")) }), 400, "background");
  refused(await call("/api/posters/0", { method: "PUT", body: form({}) }), 400, "id");
  const after = (await rows()).find((r) => r.id === kept.id);
  assert.deepEqual(after, kept);
  assert.equal((await rows()).length, before.length + 1, "the one template only");
});

test("a code's poster: a PNG download of the background's size whose code reads back as the code's url", async () => {
  const made = await createTemplate({ ...fields, name: "单张海报" }, posterBackground(600, 900, "jpeg"), "image/jpeg");
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const [code] = await codes(1, "single");
  const res = await call(`/api/qrcodes/${code.id}/poster?template=${made.body.id}`, { token: tokens.analyst });
  assert.equal(res.status, 200, String(res.body));
  assert.equal(res.headers.get("content-type"), "image/png");
  const name = codeFileName({ campaign: null, channel: "single", name: code.name }, "600x900", "png");
  const disposition = res.headers.get("content-disposition") ?? "";
  assert.match(disposition, /^attachment; /);
  assert.ok(disposition.includes(`filename*=UTF-8''${encodeURIComponent(name)}`), disposition);
  assert.deepEqual(readPoster(res.body), { width: 600, height: 900, content: code.url });

  refused(await call(`/api/qrcodes/${code.id}/poster`), 400, "template");
  refused(await call(`/api/qrcodes/${code.id}/poster?template=abc`), 400, "template");
  refused(await call(`/api/qrcodes/${code.id}/poster?template=2147483000`), 404);
  refused(await call(`/api/qrcodes/2147483000/poster?template=${made.body.id}`), 404);
});

/** The RGB of a square of `half` pixels around (x, y). */
function around(png: Buffer, x: number, y: number, half = 6): string[] {
  const image = PNG.sync.read(png);
  const pixels: string[] = [];
  for (let dy = -half; dy <= half; dy++)
    for (let dx = -half; dx <= half; dx++) {
      const i = ((y + dy) * image.width + x + dx) * 4;
      pixels.push([image.data[i], image.data[i + 1], image.data[i + 2]].join());
    }
  return pixels;
}

test("a code's logo reaches its poster, alone and in the ZIP, and the poster still scans", async () => {
  const made = await createTemplate({ ...fields, name: "带标海报" }, posterBackground(600, 900));
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const [code] = await codes(1, "logo");
  const orange = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < 64 * 64; i++) orange.data.set([240, 120, 20, 255], i * 4);
  const put = await call(`/api/qrcodes/${code.id}/logo`, {
    method: "PUT",
    body: new Uint8Array(PNG.sync.write(orange)),
    headers: { "content-type": "image/png" },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const centre = [fields.qrX + fields.qrSize / 2, fields.qrY + fields.qrSize / 2] as const;

  const single = await call(`/api/qrcodes/${code.id}/poster?template=${made.body.id}`);
  assert.equal(single.status, 200, String(single.body));
  assert.deepEqual(new Set(around(single.body, ...centre)), new Set(["240,120,20"]), "the code's centre is its logo");
  assert.equal(readPoster(single.body).content, code.url);

  const zip = await fetch(`${app.baseUrl}/api/qrcodes/zip?ids=${code.id}&poster=${made.body.id}`, {
    headers: { authorization: `Bearer ${tokens.marketer}` },
  });
  const [entry] = readZip(Buffer.from(await zip.arrayBuffer()));
  assert.deepEqual(new Set(around(entry.data, ...centre)), new Set(["240,120,20"]), "the ZIP's poster has the logo too");

  assert.equal((await call(`/api/qrcodes/${code.id}/logo`, { method: "DELETE" })).status, 204);
  const bare = await call(`/api/qrcodes/${code.id}/poster?template=${made.body.id}`);
  assert.ok(!around(bare.body, ...centre).includes("240,120,20"), "without a logo the centre is the code's modules");
});

test("a poster ZIP of 20 codes: one poster per code, each decoding to its own code's url", { timeout: 120_000 }, async () => {
  const made = await createTemplate({ ...fields, name: "批量海报", qrX: 100, qrY: 100, qrSize: 400 }, posterBackground(600, 800));
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const batch = await codes(20, "batch");
  const ids = batch.map((c) => c.id);
  const res = await fetch(`${app.baseUrl}/api/qrcodes/zip?ids=${ids.join(",")}&poster=${made.body.id}`, {
    headers: { authorization: `Bearer ${tokens.analyst}` },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/zip");
  assert.match(res.headers.get("content-disposition") ?? "", /filename="posters-\d{8}-20\.zip"/);
  const entries = readZip(Buffer.from(await res.arrayBuffer()));
  assert.equal(entries.length, 21);
  assert.deepEqual(
    entries.slice(0, 20).map((e) => e.name),
    batch.map((c) => codeFileName({ campaign: null, channel: "batch", name: c.name }, "600x800", "png")),
  );
  entries.slice(0, 20).forEach((entry, i) => {
    assert.deepEqual(readPoster(entry.data), { width: 600, height: 800, content: batch[i].url }, entry.name);
  });
  assert.equal(entries[20].name, "manifest.csv");

  const unknown = await call(`/api/qrcodes/zip?ids=${ids.join(",")}&poster=2147483000`);
  refused(unknown, 404);
  refused(await call(`/api/qrcodes/zip?ids=${ids.join(",")}&poster=x`), 400, "poster");
});

test("templates belong to an account: listed by account, and another account's codes are refused", async () => {
  const { prisma } = await import("@/lib/db/client");
  const { encryptSecret } = await import("@/lib/secrets-at-rest");
  const other = await prisma.account.create({
    data: {
      appId: "wxposterother01",
      name: "Other",
      appSecretEnc: encryptSecret("s".repeat(32)),
      tokenEnc: encryptSecret("token"),
    },
  });
  const theirs = await createTemplate({ ...fields, name: "别家海报", accountId: other.id }, posterBackground(600, 900));
  assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
  assert.equal(theirs.body.accountId, other.id);
  refused(await createTemplate({ ...fields, name: "无此账号", accountId: 2147483000 }, posterBackground(600, 900)), 404);
  const listed = await call(`/api/posters?accountId=${other.id}`);
  assert.deepEqual(
    listed.body.items.map((p: { name: string }) => p.name),
    ["别家海报"],
  );
  const [code] = await codes(1, "scoped");
  refused(await call(`/api/qrcodes/${code.id}/poster?template=${theirs.body.id}`), 400, "template");
  refused(await call(`/api/qrcodes/zip?ids=${code.id}&poster=${theirs.body.id}`), 400, "template");
});
