import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { QrCodeView } from "@/lib/db/qrcodes";
import { archiveEntryNames, streamQrCodeArchive, type ArchiveOptions } from "@/lib/qrcodes/archive";
import { safeFileName } from "@/lib/file-names";
import { ARCHIVE_LIMITS } from "@/lib/limits";
import { renderQrPng } from "@/lib/qr/render";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { query } from "../helpers/database";
import { crc32, readZip } from "./read-zip";

const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function code(id: number, over: Partial<QrCodeView> = {}): QrCodeView {
  return {
    id,
    accountId: 1,
    name: `海报 ${id}`,
    channel: "地铁/2号线",
    campaign: "双十一",
    kind: "temporary",
    sceneId: 1000 + id,
    sceneStr: null,
    ticket: `ticket-${id}`,
    url: `http://weixin.qq.com/q/02test${String(id).padStart(6, "0")}`,
    imageUrl: null,
    expireSeconds: 86400,
    expiresAt: "2030-01-01T00:00:00.000Z",
    status: "active",
    reply: null,
    live: null,
    signIn: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    note: null,
    validFrom: null,
    validTo: null,
    archivedAt: null,
    ...over,
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ zip: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return { zip: Buffer.concat(parts), chunks: parts.length };
}

/** A renderer that counts its calls (and hands out one small real PNG). */
async function countingRenderer() {
  const png = await renderQrPng("http://weixin.qq.com/q/count", { size: 64, margin: 2 });
  const counter: { calls: number; render: NonNullable<ArchiveOptions["render"]> } = {
    calls: 0,
    render: async () => {
      counter.calls++;
      return png;
    },
  };
  return counter;
}

/** Lets the event loop run for a while: whatever the archive would do unasked, it does now. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 50));
};

test("the archive streams one PNG per code with UTF-8 names, then manifest.csv; entries decode with their CRCs", async () => {
  const codes = [
    code(1),
    code(2, {
      name: "Poster, big",
      channel: "朋友圈",
      campaign: null,
      kind: "permanent",
      sceneId: null,
      sceneStr: "moments",
      expiresAt: null,
    }),
    code(3, { url: null }),
    code(4, { name: "门店:A/B", channel: "门店" }),
  ];
  const { zip } = await readAll(streamQrCodeArchive(codes, { size: 200, margin: 2 }));
  const entries = readZip(zip);
  assert.deepEqual(
    entries.map((e) => e.name),
    ["双十一-地铁_2号线-海报 1-200.png", "朋友圈-Poster, big-200.png", "双十一-门店-门店_A_B-200.png", "manifest.csv"],
    "campaign-channel-name-size (no campaign part without one); a code without url is left out; the manifest comes last",
  );
  assert.deepEqual(
    archiveEntryNames(codes, 200),
    entries.slice(0, 3).map((e) => e.name),
  );
  for (const [i, c] of [codes[0], codes[1], codes[3]].entries()) {
    const entry = entries[i];
    assert.equal(entry.flags & 0x0800, 0x0800, "UTF-8 name flag");
    assert.equal(entry.method, 0, "PNG data is stored");
    assert.ok(entry.data.subarray(0, 8).equals(PNG_SIGNATURE), "PNG signature");
    const image = PNG.sync.read(entry.data);
    assert.equal(image.width, 200);
    assert.equal(
      jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data,
      c.url,
      `${entry.name} decodes to its url`,
    );
  }
  const manifest = entries[3];
  assert.equal(manifest.method, 8, "the manifest is deflated");
  const lines = manifest.data.toString("utf8").split("\r\n");
  assert.equal(lines[0], "\uFEFFid,name,channel,campaign,kind,scene,url,expiresAt,file");
  assert.equal(
    lines[1],
    `1,海报 1,地铁/2号线,双十一,temporary,1001,${codes[0].url},2030-01-01T00:00:00.000Z,双十一-地铁_2号线-海报 1-200.png`,
  );
  assert.equal(lines[2], `2,"Poster, big",朋友圈,,permanent,moments,${codes[1].url},,"朋友圈-Poster, big-200.png"`);
  assert.equal(lines.length, 5, "three rows and the final line break");

  // The reader is not fooled: a flipped byte in a PNG fails its CRC.
  const broken = Buffer.from(zip);
  broken[30 + Buffer.byteLength(entries[0].name) + 100] ^= 0xff;
  assert.throws(() => readZip(broken), /CRC of the data/);
  assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926, "the reader's CRC-32 is the IEEE one");
});

test("the system's unzip lists, tests (CRC) and extracts the streamed archive", {
  skip: !hasUnzip && "no unzip on this machine",
}, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "qudao-zip-"));
  try {
    const codes = [code(7), code(8, { name: "二维码 B" })];
    const { zip } = await readAll(streamQrCodeArchive(codes, { size: 128, margin: 1 }));
    const file = path.join(dir, "codes.zip");
    writeFileSync(file, zip);
    const env = { ...process.env, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
    assert.match(execFileSync("unzip", ["-t", file], { env }).toString(), /No errors detected/);
    const listing = execFileSync("unzip", ["-Z1", file], { env }).toString().trim().split("\n");
    assert.deepEqual(listing, [...archiveEntryNames(codes, 128), "manifest.csv"]);
    const png = execFileSync("unzip", ["-p", file, listing[1]], { env });
    assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE));
    assert.match(execFileSync("unzip", ["-p", file, "manifest.csv"], { env }).toString(), /二维码 B/);

    // A corrupted byte must be caught by the CRC check: the test can fail.
    zip[30 + Buffer.byteLength(listing[0]) + 100] ^= 0xff;
    writeFileSync(file, zip);
    assert.notEqual(spawnSync("unzip", ["-t", file], { env }).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("backpressure: nothing is rendered ahead of a reader that stops, and cancelling stops the rendering", async () => {
  const counter = await countingRenderer();
  const codes = Array.from({ length: 200 }, (_, i) => code(i + 1));
  const stream = streamQrCodeArchive(codes, { size: 64, margin: 2, render: counter.render });
  await settle();
  assert.equal(counter.calls, 0, "no work before anyone reads");

  const reader = stream.getReader();
  const first = await reader.read();
  assert.ok(
    first.value && Buffer.from(first.value.subarray(0, 4)).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
    "a local file header first",
  );
  await settle();
  assert.ok(counter.calls <= 2, `a stopped reader holds the rendering (${counter.calls} rendered)`);

  const parts = [Buffer.from(first.value!)];
  for (let i = 0; i < 20; i++) parts.push(Buffer.from((await reader.read()).value!));
  await settle();
  const afterTwenty = counter.calls;
  assert.ok(afterTwenty >= 3 && afterTwenty <= 22, `rendering follows the reads (${afterTwenty} rendered after 21 reads)`);

  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(Buffer.from(value));
  }
  assert.equal(counter.calls, 200);
  const entries = readZip(Buffer.concat(parts));
  assert.equal(entries.length, 201);
  assert.equal(entries[200].data.toString().trim().split("\r\n").length, 201, "manifest: header and 200 rows");

  const stopped = await countingRenderer();
  const cancelled = streamQrCodeArchive(codes, { size: 64, margin: 2, render: stopped.render }).getReader();
  await cancelled.read();
  await cancelled.read();
  await cancelled.cancel();
  const atCancel = stopped.calls;
  await settle();
  assert.equal(stopped.calls, atCancel, "no rendering after the reader went away");
  assert.ok(atCancel <= 3);
});

test("a render that fails mid-way errors the stream instead of ending a truncated archive", async () => {
  let calls = 0;
  const png = await renderQrPng("http://weixin.qq.com/q/x", { size: 64, margin: 2 });
  const render = async () => {
    if (++calls === 3) throw new RangeError("size 64 px is too small for this content");
    return png;
  };
  const stream = streamQrCodeArchive([code(1), code(2), code(3), code(4)], { size: 64, margin: 2, render });
  await assert.rejects(readAll(stream), /too small/);
});

test("file names lose path separators and reserved characters but keep Chinese", () => {
  assert.equal(safeFileName('地铁/2号线:"A"'), "地铁_2号线_A_");
  assert.equal(safeFileName("../etc"), "__etc");
  assert.equal(safeFileName("   "), "_");
  assert.equal([...safeFileName("渠".repeat(100), 10)].length, 10);
});

describe("through the running app", () => {
  let app: RunningApp;
  let token = "";

  before(async () => {
    ({
      app,
      tokens: { analyst: token },
    } = await startAppWithTokens({ analyst: "zip-analyst" }));
  });
  after(() => stopApp(app));

  test("a ZIP of 1,000 codes streams: 1,000 PNGs and the manifest, chunk by chunk", { timeout: 120_000 }, async () => {
    const n = ARCHIVE_LIMITS.maxCodes;
    assert.equal(n, 1000);
    const { prisma } = await import("@/lib/db/client");
    const [{ id: accountId }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM accounts WHERE sandbox");
    const channel = await prisma.channel.create({ data: { accountId, name: "千码渠道" } });
    await prisma.qrCode.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        accountId,
        channelId: channel.id,
        name: `码 ${i + 1}`,
        kind: "permanent" as const,
        sceneStr: `bulk_${i + 1}`,
        ticket: `t${i + 1}`,
        url: `http://weixin.qq.com/q/bulk${i + 1}`,
        status: "active" as const,
      })),
    });
    const ids = (
      await query<{ id: number }>(app.databaseUrl, "SELECT id FROM qr_codes WHERE channel_id = $1 ORDER BY id", [channel.id])
    ).map((r) => r.id);
    assert.equal(ids.length, n);

    const asked = performance.now();
    const res = await fetch(`${app.baseUrl}/api/qrcodes/zip?ids=${ids.join(",")}&size=64`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const answered = performance.now();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/zip");
    assert.equal(res.headers.get("content-length"), null, "streamed, so no length up front");
    assert.match(res.headers.get("content-disposition") ?? "", new RegExp(`filename="qrcodes-\\d{8}-${n}\\.zip"`));
    const { zip, chunks } = await readAll(res.body!);
    const finished = performance.now();
    assert.ok(chunks > 10, `arrives in many chunks (${chunks})`);
    // Streamed, the answer starts before the 1,000 images are drawn; built in memory first, it would
    // start only once they all were (the headers would take nearly all of the time).
    assert.ok(
      answered - asked < (finished - asked) / 2,
      `headers after ${Math.round(answered - asked)} ms of ${Math.round(finished - asked)} ms`,
    );

    const entries = readZip(zip);
    assert.equal(entries.length, n + 1);
    const pngs = entries.slice(0, n);
    assert.deepEqual(
      pngs.map((e) => e.name),
      ids.map((_id, i) => `千码渠道-码 ${i + 1}-64.png`),
    );
    for (const entry of pngs) {
      assert.ok(entry.data.subarray(0, 8).equals(PNG_SIGNATURE), `${entry.name}: PNG signature`);
      assert.equal(entry.data.readUInt32BE(16), 64, `${entry.name}: 64 px wide`);
    }
    const last = PNG.sync.read(pngs[n - 1].data);
    assert.equal(
      jsQR(new Uint8ClampedArray(last.data), last.width, last.height)?.data,
      `http://weixin.qq.com/q/bulk${n}`,
      "the last PNG decodes to its url",
    );
    assert.equal(entries[n].name, "manifest.csv");
    const rows = entries[n].data.toString("utf8").trim().split("\r\n");
    assert.equal(rows.length, n + 1);
    assert.ok(rows[n].startsWith(`${ids[n - 1]},码 ${n},千码渠道,,permanent,bulk_${n},`), rows[n]);

    // A download abandoned half-way ends quietly; the server goes on serving.
    const abandon = new AbortController();
    const partial = await fetch(`${app.baseUrl}/api/qrcodes/zip?ids=${ids.join(",")}&size=64`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abandon.signal,
    });
    await partial.body!.getReader().read();
    abandon.abort();
    assert.equal((await fetch(`${app.baseUrl}/api/health`)).status, 200);

    const tooMany = await fetch(`${app.baseUrl}/api/qrcodes/zip?ids=${[...ids, ids[n - 1] + 1].join(",")}&size=64`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(tooMany.status, 400);
    assert.equal((await tooMany.json()).error.field, "ids");
  });
});
