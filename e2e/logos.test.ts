import { test } from "node:test";
import assert from "node:assert/strict";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";
import { query } from "../test/helpers/database";
import { readZip } from "../test/codes/read-zip";

// Logos that stick: a code's own, set in its preview, and a campaign's, set on the campaigns page
// and inherited by its codes; both reach the ZIP and the print sheet.

const suite = browserSuite({ tokens: { marketer: "logo-e2e" } });

const ORANGE = [240, 120, 20];
const BLUE = [20, 90, 220];

function solidPng(rgb: number[], side = 48): Buffer {
  const png = new PNG({ width: side, height: side });
  for (let i = 0; i < side * side; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

async function createCode(name: string, campaign?: string): Promise<number> {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name, channel: "海报墙", campaign, kind: "temporary", expireSeconds: 86400 }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** The RGB at the centre of a PNG. */
function centreOf(png: Buffer): number[] {
  const image = PNG.sync.read(png);
  const i = (Math.floor(image.height / 2) * image.width + Math.floor(image.width / 2)) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

/** The centre of the preview as drawn in the page. */
async function previewCentre(page: Page): Promise<number[]> {
  const src = (await page.getByTestId("qr-preview").getAttribute("src")) ?? "";
  assert.ok(src.startsWith("data:image/png;base64,"), src.slice(0, 40));
  return centreOf(Buffer.from(src.slice("data:image/png;base64,".length), "base64"));
}

const logoField = (page: Page, source: "code" | "campaign" | "none") =>
  page.locator(`[data-testid="logo-field"][data-logo="${source}"]`).waitFor({ state: "attached" });

test("a campaign logo set on the campaigns page is its codes' default; a code's own logo survives a reload; both reach the ZIP and print sheet", async () => {
  const inherits = await createCode("立柱", "端午");
  const own = await createCode("灯箱", "端午");
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");

  // the campaign's logo, from the campaigns page
  await page.goto(`${suite.app.baseUrl}/campaigns`);
  const row = page.locator('[data-testid="campaign-row"][data-name="端午"]');
  // a JPEG, made by the browser itself: the page turns it into a PNG before it uploads it
  const jpeg = await page.evaluate((rgb) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 48;
    const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
    ctx.fillStyle = `rgb(${rgb.join(",")})`;
    ctx.fillRect(0, 0, 48, 48);
    return canvas.toDataURL("image/jpeg", 1).split(",")[1];
  }, BLUE);
  await row
    .getByTestId("campaign-logo-file")
    .setInputFiles({ name: "dragon.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpeg, "base64") });
  await row.getByTestId("campaign-logo-thumb").waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="campaign-logo-thumb"]') as HTMLImageElement | null;
    return img?.complete && img.naturalWidth > 0;
  });
  await page.screenshot({ path: `${screenshotDir}/campaign-logo-zh.png` });
  const [{ png }] = await query<{ png: Buffer }>(suite.app.databaseUrl, "SELECT png FROM campaign_logos");
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "stored as a PNG");
  const blue = centreOf(png);

  // inherited by a code of the campaign
  await page.goto(`${suite.app.baseUrl}/codes/${inherits}`);
  await logoField(page, "campaign");
  assert.match(await page.getByTestId("logo-status").innerText(), /端午/);
  await page.waitForFunction(() => (document.querySelector('[data-testid="qr-preview"]') as HTMLImageElement)?.naturalWidth > 0);
  assert.deepEqual(await previewCentre(page), blue, "the preview draws the campaign's logo");
  assert.ok(
    blue.every((c, i) => Math.abs(c - BLUE[i]) <= 3),
    `the JPEG's colour, ${blue}`,
  );
  assert.equal(await page.getByTestId("logo-remove").count(), 0, "a code cannot remove its campaign's logo");

  // a code's own logo: saved, still there after a reload, removable
  await page.goto(`${suite.app.baseUrl}/codes/${own}`);
  await logoField(page, "campaign");
  await page.getByTestId("logo-file").setInputFiles({ name: "lamp.png", mimeType: "image/png", buffer: solidPng(ORANGE) });
  await logoField(page, "code");
  await page.reload();
  await logoField(page, "code");
  await page.waitForFunction(() => (document.querySelector('[data-testid="qr-preview"]') as HTMLImageElement)?.naturalWidth > 0);
  assert.deepEqual(await previewCentre(page), ORANGE, "after a reload the preview still has its own logo");
  await page.screenshot({ path: `${screenshotDir}/code-logo-zh.png`, fullPage: true });
  const [stored] = await query<{ n: number }>(
    suite.app.databaseUrl,
    "SELECT count(*)::int AS n FROM qr_code_logos WHERE qr_code_id = $1",
    [own],
  );
  assert.equal(stored.n, 1);

  // the ZIP and the print sheet have each code's logo
  const zip = await page.request.get(`${suite.app.baseUrl}/api/qrcodes/zip?ids=${inherits},${own}&size=300`);
  assert.equal(zip.status(), 200);
  const entries = readZip(Buffer.from(await zip.body()));
  assert.deepEqual(
    entries.map((e) => e.name),
    ["端午-海报墙-立柱-300.png", "端午-海报墙-灯箱-300.png", "manifest.csv"],
  );
  assert.deepEqual(centreOf(entries[0].data), blue);
  assert.deepEqual(centreOf(entries[1].data), ORANGE);

  // printing waits for the logos: with the code's own held back, the button waits and says so
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const ownLogo = (url: URL) => url.pathname === `/api/qrcodes/${own}/logo`;
  await page.route(ownLogo, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${suite.app.baseUrl}/codes/print?ids=${inherits},${own}`);
  await page.getByTestId("print-grid").waitFor();
  const printButton = page.getByTestId("print-button");
  await printButton.filter({ hasText: "正在载入标志 1/2" }).waitFor();
  assert.equal(await printButton.isDisabled(), true, "no printing before every logo has arrived");
  release();
  await printButton.filter({ hasText: /^打印$/ }).waitFor();
  assert.equal(await printButton.isEnabled(), true);
  await page.unroute(ownLogo);
  const logos = page.getByTestId("print-qr-logo");
  await logos.nth(1).waitFor();
  const hrefs = await logos.evaluateAll((images) => images.map((image) => image.getAttribute("href") ?? ""));
  assert.equal(hrefs.length, 2);
  assert.match(hrefs[0], /^\/api\/campaigns\/\d+\/logo\?v=/, "the campaign's logo, one address for all its codes");
  assert.match(hrefs[1], new RegExp(`^/api/qrcodes/${own}/logo\\?v=`));
  for (const [i, href] of hrefs.entries()) {
    const res = await page.request.get(`${suite.app.baseUrl}${href}`);
    assert.equal(res.status(), 200);
    assert.deepEqual(centreOf(Buffer.from(await res.body())), i === 0 ? blue : ORANGE);
  }
  await page.screenshot({ path: `${screenshotDir}/print-logos-zh.png`, fullPage: true });

  // removing its own logo falls back to the campaign's
  await page.goto(`${suite.app.baseUrl}/codes/${own}`);
  await logoField(page, "code");
  await page.getByTestId("logo-remove").click();
  await logoField(page, "campaign");
  await page.context().close();
});

test("an analyst sees the stored logo but has no control to change it", async () => {
  const id = await createCode("只读", "端午");
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "en");
  await page.goto(`${suite.app.baseUrl}/codes/${id}`);
  await logoField(page, "campaign");
  assert.equal(await page.getByTestId("logo-file").count(), 0);
  assert.match(await page.getByTestId("logo-status").innerText(), /campaign 端午/);
  await page.goto(`${suite.app.baseUrl}/campaigns`);
  await page.locator('[data-testid="campaign-row"][data-name="端午"]').getByTestId("campaign-logo-thumb").waitFor();
  assert.equal(await page.getByTestId("campaign-logo-file").count(), 0);
  await page.context().close();
});
