import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { seedActiveCode } from "../test/helpers/seed";
import { posterBackground, readPoster } from "../test/helpers/poster-image";
import { readZip } from "../test/codes/read-zip";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";

// A marketer makes a poster template in the dashboard and downloads posters for codes.

const codeIds: number[] = [];
const suite = browserSuite({
  setup: async () => {
    const { prisma } = await import("@/lib/db/client");
    const account = await prisma.account.findFirstOrThrow({ orderBy: { id: "asc" } });
    for (const [i, name] of ["人民广场站东出口", "徐家汇站"].entries())
      codeIds.push(
        await seedActiveCode({ accountId: account.id, channel: "地铁二号线", campaign: "双十一", name, sceneStr: `poster_${i}` }),
      );
  },
});

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), body: readFileSync(await download.path()) };
}

/** Waits until the preview canvas is white at (x, y) of the background (the code's quiet zone is there) or not. */
const previewWhiteAt = (page: Page, x: number, y: number, white = true) =>
  page.waitForFunction(
    ([px, py, want]) => {
      const canvas = document.querySelector('[data-testid="poster-preview"]') as HTMLCanvasElement | null;
      const [r, g, b] = canvas?.getContext("2d")?.getImageData(Number(px), Number(py), 1, 1).data ?? [];
      return (r === 255 && g === 255 && b === 255) === want;
    },
    [x, y, white],
  );

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("a marketer creates a poster template with a live preview, then downloads a poster and a poster ZIP", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  await page.getByTestId("main-nav").getByRole("link", { name: "海报", exact: true }).click();
  await page.waitForURL(`${suite.app.baseUrl}/posters`);
  await page.getByTestId("empty-state").getByText("还没有海报模板").waitFor();

  await page.getByTestId("empty-state").getByRole("button", { name: "新建模板" }).click();
  await page.getByTestId("poster-name").fill("地铁灯箱");
  await page.getByTestId("poster-background").setInputFiles({
    name: "bg.png",
    mimeType: "image/png",
    buffer: posterBackground(600, 900),
  });
  const preview = page.getByTestId("poster-preview");
  await preview.waitFor();
  assert.deepEqual(await preview.evaluate((c: HTMLCanvasElement) => [c.width, c.height]), [600, 900]);
  // placed for the new background: a 300 px code in the middle
  assert.equal(await page.getByTestId("poster-qrSize").inputValue(), "300");
  assert.equal(await page.getByTestId("poster-qrX").inputValue(), "150");
  assert.equal(await page.getByTestId("poster-qrY").inputValue(), "300");
  await previewWhiteAt(page, 152, 302); // the code's quiet zone
  await previewWhiteAt(page, 2, 2, false); // the background

  // The preview follows the fields: the code moved to the top-left corner
  await page.getByTestId("poster-qrX").fill("0");
  await page.getByTestId("poster-qrY").fill("0");
  await previewWhiteAt(page, 2, 2);
  await previewWhiteAt(page, 152, 302, false);
  // outside the background: said in place, and nothing can be saved
  await page.getByTestId("poster-qrX").fill("400");
  await page.getByTestId("poster-placement-problem").getByText("二维码至少 100 像素").waitFor();
  assert.equal(await page.getByTestId("poster-save").isDisabled(), true);
  await page.getByTestId("poster-qrX").fill("150");
  await page.getByTestId("poster-qrY").fill("200");
  await page.getByTestId("poster-caption").fill("{channel} · {name}");
  await page.getByTestId("poster-captionY").fill("600");
  await page.screenshot({ path: `${screenshotDir}/posters-form-zh.png`, fullPage: true });
  await page.getByTestId("poster-save").click();
  await page.getByTestId("poster-notice").getByText("已保存模板 地铁灯箱").waitFor();
  const item = page.locator('[data-testid="poster-item"][data-name="地铁灯箱"]');
  await item.waitFor();
  await item
    .locator("img")
    .evaluate((img: HTMLImageElement) =>
      img.complete && img.naturalWidth > 0 ? null : new Promise((resolve) => (img.onload = resolve)),
    );
  assert.equal(await item.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth), 600, "the thumbnail shows");

  // a poster from the code's page: the background's size, scanning as the code
  const [code] = codeIds;
  await page.goto(`${suite.app.baseUrl}/codes/${code}`);
  await page.getByTestId("poster-download").waitFor();
  const poster = await downloaded(page, () => page.getByTestId("poster-download-button").click());
  assert.equal(
    poster.name,
    "双十一-地铁二号线-人民广场站东出口-600x900.png",
    "the one name rule, the poster's size for its size",
  );
  assert.deepEqual(readPoster(poster.body), { width: 600, height: 900, content: "http://weixin.qq.com/q/poster_0" });

  // posters for the list's selection, as a ZIP
  await page.goto(`${suite.app.baseUrl}/codes`);
  for (const id of codeIds) await page.locator(`[data-testid="code-row"][data-code-id="${id}"] input[type="checkbox"]`).check();
  const zip = await downloaded(page, () => page.getByTestId("bulk-actions").getByTestId("poster-download-button").click());
  const entries = readZip(zip.body);
  assert.equal(entries.length, 3);
  entries.slice(0, 2).forEach((entry, i) => {
    assert.equal(readPoster(entry.data).content, `http://weixin.qq.com/q/poster_${i}`, entry.name);
  });

  // at a phone's width the page and its form fit
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/posters`);
  await item.waitFor();
  await item.getByRole("button", { name: "编辑" }).click();
  await page.getByTestId("poster-preview").waitFor();
  assert.ok((await sideways(page)) <= 0, "no sideways scroll at 390 px");
  await page.screenshot({ path: `${screenshotDir}/posters-390-zh.png`, fullPage: true });
});

test("an analyst sees the templates but cannot change them (English)", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "en");
  await page.goto(`${suite.app.baseUrl}/posters`);
  await page.getByText("Your role can view and download").waitFor();
  await page.locator('[data-testid="poster-item"][data-name="地铁灯箱"]').waitFor();
  assert.equal(await page.getByTestId("poster-new").count(), 0);
  assert.equal(await page.getByRole("button", { name: "Edit" }).count(), 0);
});
