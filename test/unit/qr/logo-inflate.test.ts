import { test } from "node:test";
import assert from "node:assert/strict";
import { PNG } from "pngjs";
import { renderQrPng } from "@/lib/qr/render";
import { adam7Bytes } from "@/lib/qr/png-inflate-bound";
import { pngWithIdat } from "../../fixtures/hostile/generators";

const URL_CONTENT = "http://weixin.qq.com/q/02eruzg5Z3eB31qm6Jxq1A";

test("an interlaced logo whose small header hides 400 MB of image data is refused before it is inflated", async () => {
  const bomb = pngWithIdat(64, 64, true, 400 * 1024 * 1024);
  assert.ok(bomb.length < 512 * 1024, `the bomb is ${bomb.length} bytes`);
  const started = Date.now();
  const rss = process.memoryUsage().rss;
  await assert.rejects(renderQrPng(URL_CONTENT, { logo: bomb }), (error: Error) => {
    assert.ok(error instanceof RangeError);
    assert.match(error.message, /inflates to more than its declared 64×64/);
    return true;
  });
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  assert.ok(process.memoryUsage().rss - rss < 64 * 1024 * 1024, "no hundreds of MB allocated");
});

test("an honest interlaced logo still renders", async () => {
  const logo = pngWithIdat(64, 64, true, adam7Bytes(64, 64, 32));
  assert.equal(PNG.sync.read(logo).width, 64); // pngjs agrees the data has exactly the declared size
  const png = await renderQrPng(URL_CONTENT, { size: 256, logo });
  assert.equal(PNG.sync.read(png).width, 256);
});
