import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { query } from "../helpers/database";
import { declaringPng } from "../helpers/png";
import { readZip } from "./read-zip";

// Stored centre logos (a code's own, else its campaign's) through the running app: the logo routes,
// and the image, SVG and ZIP that use them, named by the one file name rule.

let app: RunningApp;
let tokens: Record<"marketer" | "analyst", string>;

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ marketer: "logo-marketer", analyst: "logo-analyst" }));
});
after(() => stopApp(app));

const ORANGE = [240, 120, 20] as const;
const BLUE = [20, 90, 220] as const;

/** An opaque square of one colour: wherever it is drawn, its pixels are exactly that colour. */
function solidPng(rgb: readonly number[], side = 64): Buffer {
  const png = new PNG({ width: side, height: side });
  for (let i = 0; i < side * side; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

async function send(method: string, path: string, token: string, body?: Buffer | string) {
  const res = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "image/png" }) },
    body: typeof body === "string" || body === undefined ? body : new Uint8Array(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(bytes.toString()) : null;
  return { status: res.status, headers: res.headers, bytes, json };
}

async function create(body: Record<string, unknown>): Promise<{ id: number; url: string }> {
  const res = await api(app.baseUrl, tokens.marketer, "/api/qrcodes", { method: "POST", body: JSON.stringify(body) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const campaignId = async (name: string) =>
  (await query<{ id: number }>(app.databaseUrl, "SELECT id FROM campaigns WHERE name = $1", [name]))[0].id;

const logoAudits = (targetId: number) =>
  query<{ action: string; before: unknown; after: unknown }>(
    app.databaseUrl,
    "SELECT action, before, after FROM audit_entries WHERE action IN ('code.logo', 'campaign.logo') AND target_id = $1 ORDER BY id",
    [String(targetId)],
  );

/** The RGB of the pixels in a square of `half` around the image's centre. */
function centre(png: Buffer, half = 6): number[][] {
  const image = PNG.sync.read(png);
  const mid = Math.floor(image.width / 2);
  const pixels: number[][] = [];
  for (let y = mid - half; y <= mid + half; y++)
    for (let x = mid - half; x <= mid + half; x++) {
      const i = (y * image.width + x) * 4;
      pixels.push([image.data[i], image.data[i + 1], image.data[i + 2]]);
    }
  return pixels;
}

const allOf = (pixels: number[][], rgb: readonly number[]) => pixels.every((p) => p.join() === rgb.join());
/** Only black and white, as QR modules are. */
const onlyModules = (pixels: number[][]) => pixels.every((p) => p.every((c) => c === p[0]) && (p[0] === 0 || p[0] === 255));

function decodes(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

test("a code's own logo: stored as sent, served with its source, replaced, removed; audited; analysts may only read", async () => {
  const code = await create({ name: "海报", channel: "地推", kind: "temporary", expireSeconds: 86400 });
  const path = `/api/qrcodes/${code.id}/logo`;
  const none = await send("GET", path, tokens.analyst);
  assert.equal(none.status, 404);
  assert.equal(none.json.error.code, "no_logo");
  assert.match(none.json.error.message, /no logo/);

  assert.equal((await send("PUT", path, tokens.analyst, solidPng(ORANGE))).status, 403, "analysts may not set a logo");
  const orange = solidPng(ORANGE);
  const put = await send("PUT", path, tokens.marketer, orange);
  assert.equal(put.status, 200, put.bytes.toString());
  const sha = createHash("sha256").update(orange).digest("hex");
  assert.deepEqual(put.json, { source: "code", ownerId: code.id, sha256: sha, bytes: orange.length, width: 64, height: 64 });

  const got = await send("GET", path, tokens.analyst);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get("content-type"), "image/png");
  assert.equal(got.headers.get("x-logo-source"), "code");
  assert.ok(got.bytes.equals(orange), "the stored PNG is the one sent");
  const etag = got.headers.get("etag") ?? "";
  assert.equal(etag, `"${sha}"`);
  const again = await fetch(`${app.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${tokens.analyst}`, "if-none-match": etag },
  });
  assert.equal(again.status, 304);

  const blue = solidPng(BLUE, 32);
  assert.equal((await send("PUT", path, tokens.marketer, blue)).status, 200);
  assert.ok((await send("GET", path, tokens.analyst)).bytes.equals(blue), "replaced");

  assert.equal((await send("DELETE", path, tokens.analyst)).status, 403);
  assert.equal((await send("DELETE", path, tokens.marketer)).status, 204);
  assert.equal((await send("GET", path, tokens.analyst)).status, 404);
  assert.equal((await send("DELETE", path, tokens.marketer)).status, 204, "removing no logo is no error");

  const audits = await logoAudits(code.id);
  assert.deepEqual(
    audits.map((a) => [a.action, a.before, a.after]),
    [
      ["code.logo", { logo: null }, { logo: { sha256: sha, bytes: orange.length } }],
      [
        "code.logo",
        { logo: { sha256: sha, bytes: orange.length } },
        { logo: { sha256: createHash("sha256").update(blue).digest("hex"), bytes: blue.length } },
      ],
      ["code.logo", { logo: { sha256: createHash("sha256").update(blue).digest("hex"), bytes: blue.length } }, { logo: null }],
    ],
    "each change once (the second removal changed nothing), with the logo's fingerprint, never its bytes",
  );

  for (const [bad, status] of [
    ["/api/qrcodes/999999/logo", 404],
    ["/api/qrcodes/abc/logo", 400],
  ] as const) {
    assert.equal((await send("PUT", bad, tokens.marketer, solidPng(ORANGE))).status, status, bad);
    assert.equal((await send("GET", bad, tokens.analyst)).status, status, bad);
  }
});

test("a logo that is not a PNG the renderer accepts is refused (4xx, JSON) and changes nothing", async () => {
  const code = await create({ name: "坏图", channel: "地推", kind: "temporary", expireSeconds: 86400 });
  const path = `/api/qrcodes/${code.id}/logo`;
  const kept = solidPng(ORANGE);
  assert.equal((await send("PUT", path, tokens.marketer, kept)).status, 200);
  const auditsBefore = (await logoAudits(code.id)).length;

  const truncated = solidPng(BLUE).subarray(0, 60);
  const cases: [string, Buffer | string, number][] = [
    ["text", "not a png", 400],
    ["JPEG bytes", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]), 400],
    ["truncated PNG", truncated, 400],
    ["4096×4096 declared", declaringPng(4096, 4096), 400],
    ["empty body", Buffer.alloc(0), 400],
    ["over 512 KB", Buffer.alloc(512 * 1024 + 1, 1), 413],
  ];
  for (const [what, body, status] of cases) {
    const res = await send("PUT", path, tokens.marketer, body);
    assert.equal(res.status, status, `${what}: ${res.bytes.toString()}`);
    assert.equal(res.json.error.field, "logo", what);
    assert.ok(res.json.error.code === "invalid_image" || res.json.error.code === "too_large", what);
  }
  assert.ok((await send("GET", path, tokens.analyst)).bytes.equals(kept), "the stored logo is untouched");
  assert.equal((await logoAudits(code.id)).length, auditsBefore, "no audit entry for a refusal");
  assert.equal((await api(app.baseUrl, tokens.analyst, "/api/health")).status, 200, "the server is fine");
});

test("a campaign's logo is the default of its codes that have none of their own", async () => {
  const withCampaign = await create({
    name: "海报 A",
    channel: "地铁",
    campaign: "元宵",
    kind: "temporary",
    expireSeconds: 86400,
  });
  const alone = await create({ name: "海报 B", channel: "地铁", kind: "temporary", expireSeconds: 86400 });
  const campaign = await campaignId("元宵");
  const campaignPath = `/api/campaigns/${campaign}/logo`;
  const codePath = `/api/qrcodes/${withCampaign.id}/logo`;

  assert.equal((await send("GET", campaignPath, tokens.analyst)).json.error.code, "no_logo");
  assert.equal((await send("PUT", campaignPath, tokens.analyst, solidPng(BLUE))).status, 403);
  const blue = solidPng(BLUE);
  const put = await send("PUT", campaignPath, tokens.marketer, blue);
  assert.equal(put.status, 200);
  assert.equal(put.json.source, "campaign");
  const listed = await api(app.baseUrl, tokens.analyst, "/api/campaigns");
  const row = listed.body.items.find((c: { id: number }) => c.id === campaign);
  assert.equal(row.logoSha256, createHash("sha256").update(blue).digest("hex"), "the list says it has one");

  let got = await send("GET", codePath, tokens.analyst);
  assert.equal(got.headers.get("x-logo-source"), "campaign", "inherited");
  assert.equal(got.headers.get("x-logo-owner-id"), String(campaign));
  assert.ok(got.bytes.equals(blue));
  assert.equal((await send("GET", `/api/qrcodes/${alone.id}/logo`, tokens.analyst)).status, 404, "no campaign, no logo");
  const blueSha = createHash("sha256").update(blue).digest("hex");
  assert.deepEqual((await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${withCampaign.id}`)).body.logo, {
    source: "campaign",
    sha256: blueSha,
  });
  assert.equal((await api(app.baseUrl, tokens.analyst, `/api/qrcodes/${alone.id}`)).body.logo, null, "the code says it has none");

  const orange = solidPng(ORANGE);
  await send("PUT", codePath, tokens.marketer, orange);
  got = await send("GET", codePath, tokens.analyst);
  assert.equal(got.headers.get("x-logo-source"), "code", "its own comes first");
  assert.ok(got.bytes.equals(orange));
  await send("DELETE", codePath, tokens.marketer);
  assert.equal((await send("GET", codePath, tokens.analyst)).headers.get("x-logo-source"), "campaign", "back to the campaign's");

  assert.equal((await send("DELETE", campaignPath, tokens.marketer)).status, 204);
  assert.equal((await send("GET", codePath, tokens.analyst)).status, 404);
  assert.deepEqual(
    (await logoAudits(campaign)).filter((a) => a.action === "campaign.logo").length,
    2,
    "campaign logo set and removed, audited",
  );
  assert.equal((await send("PUT", "/api/campaigns/999999/logo", tokens.marketer, blue)).status, 404);
  assert.equal((await send("PUT", campaignPath, tokens.marketer, "GIF89a")).status, 400);
});

test("the image route draws the effective logo (PNG pixels at the centre, SVG's embedded image) unless logo=none, named by the rule", async () => {
  const code = await create({ name: "门店/海报", channel: "门店", campaign: "春节", kind: "temporary", expireSeconds: 86400 });
  const orange = solidPng(ORANGE);
  await send("PUT", `/api/qrcodes/${code.id}/logo`, tokens.marketer, orange);
  const image = (query: string) => send("GET", `/api/qrcodes/${code.id}/image?${query}`, tokens.analyst);

  const png = await image("size=430");
  assert.equal(png.status, 200);
  assert.ok(allOf(centre(png.bytes), ORANGE), "the logo's pixels are at the centre, not QR modules");
  assert.equal(decodes(png.bytes), code.url, "with the logo it still scans");
  assert.equal(
    png.headers.get("content-disposition"),
    `inline; filename="__-__-_____-430.png"; filename*=UTF-8''${encodeURIComponent("春节-门店-门店_海报-430.png")}`,
  );
  const plain = await image("size=430&logo=none");
  assert.ok(onlyModules(centre(plain.bytes)), "logo=none: only modules at the centre");
  assert.equal(decodes(plain.bytes), code.url);

  const svg = await image("format=svg&size=300&download=1");
  assert.equal(svg.headers.get("content-type"), "image/svg+xml; charset=utf-8");
  assert.match(svg.headers.get("content-disposition") ?? "", /^attachment; filename="[^"]+-300\.svg"; filename\*=UTF-8''/);
  const href = /<image [^>]*href="data:image\/png;base64,([^"]+)"/.exec(svg.bytes.toString())?.[1];
  assert.ok(href, "the SVG embeds the logo");
  assert.ok(Buffer.from(href, "base64").equals(orange), "the stored PNG itself");
  const plainSvg = await image("format=svg&size=300&logo=none");
  assert.doesNotMatch(plainSvg.bytes.toString(), /<image/);

  // POST's logo (the body) still wins over the stored one
  const posted = await send("POST", `/api/qrcodes/${code.id}/image?size=430`, tokens.analyst, solidPng(BLUE));
  assert.ok(allOf(centre(posted.bytes), BLUE));

  for (const bad of ["logo=own", "download=yes", "size=10"]) {
    const res = await image(bad);
    assert.equal(res.status, 400, bad);
    assert.ok(res.json.error.message, bad);
  }
});

test("the ZIP draws each code's effective logo and names entries by the rule, repeats numbered", async () => {
  const own = await create({ name: "海报", channel: "地铁", campaign: "国庆", kind: "temporary", expireSeconds: 86400 });
  const inherits = await create({ name: "传单", channel: "地铁", campaign: "国庆", kind: "temporary", expireSeconds: 86400 });
  const twin = await create({ name: "传单", channel: "地铁", campaign: "国庆", kind: "temporary", expireSeconds: 86400 });
  const bare = await create({ name: "传单", channel: "地铁", kind: "temporary", expireSeconds: 86400 });
  await send("PUT", `/api/campaigns/${await campaignId("国庆")}/logo`, tokens.marketer, solidPng(BLUE));
  await send("PUT", `/api/qrcodes/${own.id}/logo`, tokens.marketer, solidPng(ORANGE));

  const codes = [own, inherits, twin, bare];
  const res = await send("GET", `/api/qrcodes/zip?ids=${codes.map((c) => c.id).join(",")}&size=300`, tokens.analyst);
  assert.equal(res.status, 200, res.bytes.toString().slice(0, 300));
  const entries = readZip(res.bytes);
  const names = ["国庆-地铁-海报-300.png", "国庆-地铁-传单-300.png", "国庆-地铁-传单-300-2.png", "地铁-传单-300.png"];
  assert.deepEqual(
    entries.map((e) => e.name),
    [...names, "manifest.csv"],
  );
  assert.ok(allOf(centre(entries[0].data), ORANGE), "its own logo");
  assert.ok(allOf(centre(entries[1].data), BLUE), "its campaign's logo");
  assert.ok(allOf(centre(entries[2].data), BLUE), "its campaign's logo, again");
  assert.ok(onlyModules(centre(entries[3].data)), "no logo");
  for (const [i, code] of codes.entries()) assert.equal(decodes(entries[i].data), code.url, names[i]);
  const files = entries[4].data
    .toString("utf8")
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => line.split(",").at(-1));
  assert.deepEqual(files, names, "the manifest's file column names the entries");
});

test("eight first logos sent at once for one code and one campaign: each answered 200, one logo kept, eight audit entries", async () => {
  const code = await create({ name: "并发", channel: "地推", campaign: "并发活动", kind: "temporary", expireSeconds: 86400 });
  const campaign = await campaignId("并发活动");
  for (const path of [`/api/qrcodes/${code.id}/logo`, `/api/campaigns/${campaign}/logo`]) {
    const colours = Array.from({ length: 8 }, (_, i) => [10 * i, 100, 200 - 10 * i]);
    const answers = await Promise.all(colours.map((rgb) => send("PUT", path, tokens.marketer, solidPng(rgb))));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(8).fill(200),
      answers.map((a) => JSON.stringify(a.json)).join(" "),
    );
    const kept = await send("GET", path, tokens.analyst);
    assert.ok(
      colours.some((rgb) => kept.bytes.equals(solidPng(rgb))),
      "the logo kept is one of those sent",
    );
  }
  assert.equal((await logoAudits(code.id)).filter((a) => a.action === "code.logo").length, 8);
});
