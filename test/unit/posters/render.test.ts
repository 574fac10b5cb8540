import { test } from "node:test";
import assert from "node:assert/strict";
import { PosterFontMissingError, renderPoster } from "@/lib/posters/render";
import { BackgroundError, inspectBackground } from "@/lib/posters/background";
import type { PosterLayout } from "@/lib/posters/layout";
import { posterBackground, readPoster } from "../../helpers/poster-image";
import { declaringPng } from "../../helpers/png";

const layout: PosterLayout = {
  width: 600,
  height: 900,
  qrX: 150,
  qrY: 300,
  qrSize: 300,
  captionText: "{channel} · {name}",
  captionX: 300,
  captionY: 700,
  captionSize: 40,
  captionColor: "#ffffff",
  captionAlign: "center",
};
const url = "http://weixin.qq.com/q/02posterUnitTest000001";

test("a poster is the background's size and its code reads back as the code's url (PNG and JPEG backgrounds)", async () => {
  for (const type of ["png", "jpeg"] as const) {
    const png = await renderPoster({
      background: posterBackground(600, 900, type),
      layout,
      url,
      values: { channel: "地铁二号线", name: "车厢广告很长很长很长很长很长很长很长很长很长", campaign: null },
    });
    assert.deepEqual(readPoster(png), { width: 600, height: 900, content: url }, type);
  }
});

test("the caption is drawn in the CJK font: its pixels change the poster where it stands", async () => {
  const background = posterBackground(600, 900);
  const values = { channel: "渠道", name: "海报", campaign: null };
  const withCaption = await renderPoster({ background, layout, url, values });
  const without = await renderPoster({ background, layout: { ...layout, captionText: "" }, url, values });
  assert.notDeepEqual(withCaption, without);
});

test("without a CJK font the render fails with PosterFontMissingError naming fonts-wqy-zenhei", async () => {
  await assert.rejects(
    renderPoster({
      background: posterBackground(600, 900),
      layout,
      url,
      values: { channel: "a", name: "b", campaign: null },
      fontPaths: ["/nonexistent/font.ttc"],
    }),
    (error: Error) => error instanceof PosterFontMissingError && /fonts-wqy-zenhei/.test(error.message),
  );
});

test("backgrounds: PNG and JPEG within the limits pass; others are refused before decoding", async () => {
  assert.deepEqual(await inspectBackground(posterBackground(200, 4096)), { contentType: "image/png", width: 200, height: 4096 });
  assert.deepEqual(await inspectBackground(posterBackground(640, 480, "jpeg")), {
    contentType: "image/jpeg",
    width: 640,
    height: 480,
  });
  const refused = async (bytes: Buffer, pattern: RegExp) =>
    assert.rejects(inspectBackground(bytes), (e: Error) => e instanceof BackgroundError && pattern.test(e.message));
  await refused(posterBackground(199, 300), /199×300/);
  await refused(declaringPng(60000, 60000), /60000×60000/);
  await refused(Buffer.from("GIF89a not really"), /PNG or JPEG/);
  await refused(Buffer.alloc(0), /empty/);
  const header = posterBackground(600, 900).subarray(0, 33); // signature and IHDR: a PNG by its header only
  await refused(Buffer.concat([header, Buffer.alloc(500, 7)]), /cannot be read/);
});
