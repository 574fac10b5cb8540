import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import { PNG } from "pngjs";
import { WeChatApiClient, WeChatApiError, WeChatInputError, type AccessToken } from "../../../lib/wechat/api-client";
import { imageSize, sniffImageFormat } from "../../../lib/wechat/image-format";
import { MATERIAL_RULES } from "../../../lib/wechat/limits";

// add_material's client side: the image checked as WeChat checks it before any call, sent as one
// multipart `media` part with its bytes untouched, the answer read, WeChat's errcodes passed on.

const png = (w: number, h: number) => PNG.sync.write(new PNG({ width: w, height: h }));
const gif = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x20, 0x01, 0x10, 0x00, 0, 0, 0]);
const bmp = (() => {
  const b = Buffer.alloc(54);
  b.write("BM", 0, "latin1");
  b.writeInt32LE(7, 18);
  b.writeInt32LE(-5, 22); // top-down rows: a negative height
  return b;
})();
// SOI, an APP0 segment, then SOF0 with height 480 and width 640.
const jpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0, 0, 0,
]);

test("the bytes tell the format, whatever the name; width and height come from the header", () => {
  assert.equal(sniffImageFormat(png(3, 2)), "png");
  assert.equal(sniffImageFormat(jpeg), "jpeg");
  assert.equal(sniffImageFormat(gif), "gif");
  assert.equal(sniffImageFormat(bmp), "bmp");
  for (const no of [Buffer.from("hello"), Buffer.alloc(0), Buffer.from("GIF87b"), Buffer.from("BM"), Buffer.from("<svg/>")])
    assert.equal(sniffImageFormat(no), null, no.toString());
  assert.deepEqual(imageSize(png(3, 2), "png"), { width: 3, height: 2 });
  assert.deepEqual(imageSize(jpeg, "jpeg"), { width: 640, height: 480 });
  assert.deepEqual(imageSize(gif, "gif"), { width: 288, height: 16 });
  assert.deepEqual(imageSize(bmp, "bmp"), { width: 7, height: 5 });
  assert.equal(imageSize(jpeg.subarray(0, 8), "jpeg"), null);
});

type Seen = { path: string; type: string | null; token: string | null; contentType: string; file: File | null };
let server: Server;
let base = "";
let seen: Seen[] = [];
let answer: Record<string, unknown> = {};
let delayMs = 0;

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, "http://x");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.setHeader("content-type", "application/json");
    if (url.pathname === "/cgi-bin/stable_token") return res.end(JSON.stringify({ access_token: "TOKEN", expires_in: 7200 }));
    const contentType = req.headers["content-type"] ?? "";
    const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": contentType } }).formData();
    const media = form.get("media");
    seen.push({
      path: url.pathname,
      type: url.searchParams.get("type"),
      token: url.searchParams.get("access_token"),
      contentType,
      file: media instanceof File ? media : null,
    });
    setTimeout(() => res.end(JSON.stringify(answer)), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  delayMs = 0;
  answer = { media_id: "MEDIA_ID_1", url: "http://mmbiz.qpic.cn/mmbiz_png/abc/0?wx_fmt=png" };
});

function client(timeouts: { timeoutMs?: number; uploadTimeoutMs?: number } = {}) {
  let current: AccessToken | null = null;
  return new WeChatApiClient({
    ...timeouts,
    apiBase: base,
    appId: "wx1",
    appSecret: "s",
    tokens: {
      read: async () => current,
      refresh: async (refresher) => (current = await refresher(current)),
    },
    sleep: async () => {},
  });
}

test("addImageMaterial sends one multipart media part to add_material?type=image and reads media_id and url", async () => {
  const bytes = png(5, 4);
  const added = await client().addImageMaterial({ bytes, fileName: 'a"b\r\n.png', contentType: "image/png" });
  assert.deepEqual(added, { mediaId: "MEDIA_ID_1", url: "http://mmbiz.qpic.cn/mmbiz_png/abc/0?wx_fmt=png" });
  assert.equal(seen.length, 1);
  const [call] = seen;
  assert.deepEqual([call.path, call.type, call.token], ["/cgi-bin/material/add_material", "image", "TOKEN"]);
  assert.match(call.contentType, /^multipart\/form-data; boundary=/);
  assert.ok(call.file);
  assert.equal(call.file.name, "a_b__.png");
  assert.equal(call.file.type, "image/png");
  assert.equal(Buffer.compare(Buffer.from(await call.file.arrayBuffer()), bytes), 0);
});

test("an image WeChat would refuse is never sent: empty, over 10 MB, not bmp/png/jpeg/gif", async () => {
  const tooBig = Buffer.concat([png(1, 1), Buffer.alloc(MATERIAL_RULES.imageMaxBytes)]);
  for (const bytes of [Buffer.alloc(0), tooBig, Buffer.from("plain text")]) {
    await assert.rejects(
      client().addImageMaterial({ bytes, fileName: "x.png", contentType: "image/png" }),
      (e: unknown) => e instanceof WeChatInputError && e.field === "image",
    );
  }
  assert.equal(seen.length, 0);
});

test("WeChat's refusals come back with their errcode and meaning; an answer without media_id is no success", async () => {
  answer = { errcode: 45034, errmsg: "media file count is out of limit rid: 6566-aa-bb" };
  await assert.rejects(
    client().addImageMaterial({ bytes: png(1, 1), fileName: "x.png", contentType: "image/png" }),
    (e: unknown) => {
      assert.ok(e instanceof WeChatApiError);
      assert.equal(e.errcode, 45034);
      assert.equal(e.errmsg, "media file count is out of limit rid: 6566-aa-bb");
      assert.match(e.message, /100,000 permanent images/);
      return true;
    },
  );
  answer = { url: "http://mmbiz.qpic.cn/x" };
  await assert.rejects(
    client().addImageMaterial({ bytes: png(1, 1), fileName: "x.png", contentType: "image/png" }),
    /without media_id and url/,
  );
});

test("an upload has its own, longer timeout: a slow answer to add_material is waited for, a slower one is not", async () => {
  delayMs = 300;
  const file = { bytes: png(1, 1), fileName: "x.png", contentType: "image/png" };
  const added = await client({ timeoutMs: 100, uploadTimeoutMs: 2_000 }).addImageMaterial(file);
  assert.equal(added.mediaId, "MEDIA_ID_1", "300 ms is past the 100 ms of other calls, within the upload's 2 s");
  await assert.rejects(
    client({ timeoutMs: 2_000, uploadTimeoutMs: 100 }).addImageMaterial(file),
    (e: unknown) => e instanceof WeChatApiError && /could not reach WeChat/.test(e.message),
  );
});
