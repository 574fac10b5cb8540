import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { query } from "../test/helpers/database";
import { decodeQrPng, scanShownCode } from "../test/helpers/scan-shown-code";

// Issue 9, point 2 (and its journey of point 5): a marketer makes a live code in the dashboard; a
// visitor opens its public page on a phone, scans what it shows; after the ticket is renewed the
// page shows the new one, and that scan counts for the same channel too.

const suite = browserSuite();

/** What the page's code says, read from the pixels on screen as a phone's camera would. */
async function shownCode(page: Page): Promise<string> {
  const image = page.getByTestId("live-code");
  await image.waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="live-code"]') as HTMLImageElement)?.complete);
  const url = decodeQrPng(await image.screenshot());
  assert.ok(url, "the page shows a readable QR code");
  return url;
}

async function scansOfChannel(page: Page, channel: string): Promise<string> {
  await page.goto(`${suite.app.baseUrl}/stats?range=today&groupBy=channel`, { waitUntil: "networkidle" });
  const row = page.getByTestId("breakdown-row").filter({ hasText: channel });
  await row.waitFor();
  // The count itself, without its change against the previous period shown under it.
  return (
    await row
      .locator("td")
      .first()
      .evaluate((td) => td.firstChild?.textContent ?? "")
  ).trim();
}

test("a live code: made in the dashboard, its public page scanned on a phone, renewed, scanned again, counted", async () => {
  const marketer = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  await marketer.goto(`${suite.app.baseUrl}/codes/new`, { waitUntil: "networkidle" });
  await marketer.locator("#name").fill("官网首页横幅");
  await marketer.locator("#channel").fill("官网");
  await marketer.locator("#live").check();
  assert.equal(await marketer.locator("#validity").count(), 0, "a live code has no validity to choose");
  await marketer.locator("#live-slug").fill("Home");
  await marketer.getByTestId("submit-create").click();
  assert.match(await marketer.locator("#live-slug-error").innerText(), /小写字母/);
  await marketer.locator("#live-slug").fill("home-banner");
  await marketer.getByTestId("submit-create").click();
  await marketer.waitForURL(/\/codes\/\d+\?created=1/);
  const codeId = Number(/\/codes\/(\d+)/.exec(marketer.url())![1]);
  assert.match(await marketer.getByTestId("detail-live-url").innerText(), /\/q\/home-banner/);
  assert.match(await marketer.getByTestId("live-badge").first().innerText(), /活码/);
  await marketer.screenshot({ path: `${screenshotDir}/live-code-detail-zh.png`, fullPage: true });

  await marketer.goto(`${suite.app.baseUrl}/codes`, { waitUntil: "networkidle" });
  const row = marketer.locator(`[data-testid="code-row"][data-code-id="${codeId}"]`);
  await row.waitFor();
  assert.match(await row.getByTestId("live-badge").innerText(), /活码/);
  assert.equal(await row.getByTestId("live-url").innerText(), "/q/home-banner");
  await marketer.context().close();

  // A visitor, not signed in, on a phone.
  const phone = await suite.browser.newContext({ locale: "zh-CN", viewport: { width: 375, height: 740 } });
  const visitor = await phone.newPage();
  const answer = await visitor.goto(`${suite.app.baseUrl}/q/home-banner`);
  assert.equal(answer?.status(), 200);
  assert.match(await visitor.locator("h1").innerText(), /扫码关注/);
  const width = await visitor.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no sideways scrolling on a phone (${width}px)`);
  const first = await shownCode(visitor);
  await visitor.screenshot({ path: `${screenshotDir}/live-code-public-zh.png`, fullPage: true });
  assert.equal((await scanShownCode(suite.app.baseUrl, suite.app.databaseUrl, first, "o_e2e_live_1")).status, 200);

  // Its ticket comes due (as after four weeks): the next visit renews it, for the same scene.
  await query(suite.app.databaseUrl, "UPDATE qr_codes SET expires_at = now() + interval '10 minutes' WHERE id = $1", [codeId]);
  await visitor.reload();
  const renewed = await shownCode(visitor);
  assert.notEqual(renewed, first, "the page shows the renewed ticket");
  assert.equal((await scanShownCode(suite.app.baseUrl, suite.app.databaseUrl, renewed, "o_e2e_live_2")).status, 200);

  const english = await suite.browser.newContext({ locale: "en-US", viewport: { width: 375, height: 740 } });
  const englishPage = await english.newPage();
  await englishPage.goto(`${suite.app.baseUrl}/q/home-banner`);
  assert.match(await englishPage.locator("h1").innerText(), /Scan to follow/);
  const missing = await englishPage.goto(`${suite.app.baseUrl}/q/no-such-page`);
  assert.equal(missing?.status(), 404);
  assert.match(await englishPage.getByTestId("live-notice").innerText(), /QR code not found/);
  await english.close();
  await phone.close();

  const analyst = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  assert.equal(await scansOfChannel(analyst, "官网"), "2", "both scans count for the channel");
  await analyst.goto(`${suite.app.baseUrl}/stats?range=today&groupBy=qrcode`, { waitUntil: "networkidle" });
  const codeRow = analyst.getByTestId("breakdown-row").filter({ hasText: "官网首页横幅" });
  await codeRow.waitFor();
  assert.match(await codeRow.getByTestId("live-badge").innerText(), /活码/, "labelled as a live code in the statistics");
  await analyst.screenshot({ path: `${screenshotDir}/live-code-stats-zh.png`, fullPage: true });
  await analyst.context().close();
});
