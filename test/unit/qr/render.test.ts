import { test } from "node:test";
import { declaringPng, readQr } from "../../helpers/png";
import assert from "node:assert/strict";
import { PNG } from "pngjs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { renderQrPng, renderQrSvg } from "@/lib/qr/render";

const URL_CONTENT = "http://weixin.qq.com/q/02eruzg5Z3eB31qm6Jxq1A";

/** A 64×64 red disc with a transparent outside: a logo with colour and alpha. */
function logoPng(side = 64): Buffer {
  const png = new PNG({ width: side, height: side });
  const c = (side - 1) / 2;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 4;
      const inside = (x - c) ** 2 + (y - c) ** 2 <= (side / 2) ** 2;
      png.data[i] = 220;
      png.data[i + 1] = 30;
      png.data[i + 2] = 30;
      png.data[i + 3] = inside ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

test("PNG decodes back to the content at several sizes, exactly the requested size", async () => {
  for (const size of [64, 200, 430, 1000, 2048]) {
    const out = readQr(await renderQrPng(URL_CONTENT, { size }));
    assert.equal(out.width, size);
    assert.equal(out.height, size);
    assert.equal(out.content, URL_CONTENT, `size ${size}`);
  }
});

test("default size is 430 px (what showqrcode serves) and margin 2 modules leaves white edges", async () => {
  const png = PNG.sync.read(await renderQrPng(URL_CONTENT));
  assert.equal(png.width, 430);
  for (let x = 0; x < png.width; x++) assert.equal(png.data[x * 4], 255, "top row is quiet zone");
  const zero = PNG.sync.read(await renderQrPng(URL_CONTENT, { margin: 0 }));
  assert.equal(zero.data[0], 0, "without a margin the finder pattern touches the corner");
});

test("longer and non-ASCII content round-trips", async () => {
  const content = `http://weixin.qq.com/q/${"x".repeat(200)}?渠道=地铁`;
  const out = readQr(await renderQrPng(content, { size: 600 }));
  assert.equal(out.content, content);
});

test("a centre logo keeps the code readable, sits on a white pad and covers at most 20% of the width", async () => {
  for (const size of [200, 430, 1024]) {
    const buf = await renderQrPng(URL_CONTENT, { size, logo: logoPng() });
    const out = readQr(buf);
    assert.equal(out.content, URL_CONTENT, `logo at size ${size}`);

    const img = PNG.sync.read(buf);
    const at = (x: number, y: number) => Array.from(img.data.subarray((y * size + x) * 4, (y * size + x) * 4 + 3));
    const mid = Math.floor(size / 2);
    assert.deepEqual(at(mid, mid).slice(0, 1), [220], "logo colour at the centre");
    // Red pixels only within the central 20%.
    let minX = size,
      maxX = -1;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const [r, g] = at(x, y);
        if (r > 150 && g < 100) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
    }
    assert.ok(maxX - minX + 1 <= size * 0.2, `logo spans ${maxX - minX + 1} px of ${size}`);
  }
});

test("a logo that is not a PNG is refused", async () => {
  await assert.rejects(renderQrPng(URL_CONTENT, { logo: Buffer.from("GIF89a...") }), TypeError);
});

test("out-of-range size and margin are refused with a RangeError naming the field", async () => {
  for (const size of [63, 2049, 0, -1, 430.5, Number.NaN]) {
    await assert.rejects(
      renderQrPng(URL_CONTENT, { size }),
      (err: unknown) => err instanceof RangeError && /size/.test(err.message),
    );
    await assert.rejects(renderQrSvg(URL_CONTENT, { size }), RangeError);
  }
  for (const margin of [-1, 17, 1.5]) {
    await assert.rejects(
      renderQrPng(URL_CONTENT, { margin }),
      (err: unknown) => err instanceof RangeError && /margin/.test(err.message),
    );
  }
  // 64 px cannot hold a code with more modules than pixels.
  await assert.rejects(renderQrPng("x".repeat(400), { size: 64 }), /too small/);
  await assert.rejects(renderQrPng(""), TypeError);
});

test("SVG is well-formed XML with the requested width and height", async () => {
  for (const size of [64, 430, 2048]) {
    const svg = await renderQrSvg(URL_CONTENT, { size });
    assert.equal(XMLValidator.validate(svg), true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg);
    assert.equal(doc.svg.width, String(size));
    assert.equal(doc.svg.height, String(size));
    assert.match(doc.svg.viewBox, /^0 0 (\d+) \1$/);
    assert.match(doc.svg.path.d, /^M\d+ \d+h\d+v1h-\d+z/);
  }
  const withLogo = await renderQrSvg(URL_CONTENT, { logo: logoPng() });
  assert.equal(XMLValidator.validate(withLogo), true);
  assert.match(withLogo, /href="data:image\/png;base64,/);
});

test("SVG draws the same modules as the PNG", async () => {
  // Rasterise the SVG path at one pixel per module and compare with a PNG at the same scale.
  const svg = await renderQrSvg(URL_CONTENT, { margin: 0 });
  const count = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  const dark = new Set<string>();
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    for (let i = 0; i < Number(w); i++) dark.add(`${Number(x) + i},${y}`);
  }
  const png = PNG.sync.read(await renderQrPng(URL_CONTENT, { margin: 0, size: count * 4 }));
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      const v = png.data[((row * 4 + 1) * png.width + col * 4 + 1) * 4];
      assert.equal(v === 0, dark.has(`${col},${row}`), `module ${col},${row}`);
    }
  }
});

test("a logo declaring more pixels than allowed is refused from its header, before decoding", async () => {
  await assert.rejects(
    renderQrPng(URL_CONTENT, { logo: declaringPng(30000, 30000) }),
    (err: unknown) => err instanceof RangeError && /30000×30000 pixels/.test(err.message),
  );
  await assert.rejects(
    renderQrSvg(URL_CONTENT, { logo: declaringPng(2049, 2048) }),
    (err: unknown) => err instanceof RangeError && /2049×2048 pixels/.test(err.message),
  );
  // At the limit the header passes: what happens next is the decoder's business, not the pixel rule.
  const atLimit = await renderQrPng(URL_CONTENT, { logo: declaringPng(2048, 2048) }).then(
    () => null,
    (err: Error) => err,
  );
  assert.ok(!/pixels/.test(String(atLimit?.message)), String(atLimit));
});
