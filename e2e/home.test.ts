import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { signInAs, screenshotDir } from "./session";
import { startApp, type RunningApp } from "../test/helpers/app";

let app: RunningApp;
let browser: Browser;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  mkdirSync(screenshotDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

test("signed out, every page leads to sign-in; a wrong password is refused inline", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/`);
  assert.equal(new URL(page.url()).pathname, "/signin");
  assert.match(await page.locator("h1").innerText(), /登录/);
  await page.locator("#email").fill("admin@example.com");
  await page.locator("#password").fill("wrong-password-123");
  await page.locator('button[type="submit"]').click();
  await page.locator("#password-error").waitFor();
  assert.match(await page.locator("#password-error").innerText(), /不正确/);
  await page.screenshot({ path: `${screenshotDir}/signin-zh.png` });
  await context.close();
});

test("the language switch is remembered, and the nav shows only what the role may use", async () => {
  const page = await signInAs(browser, app.baseUrl, "analyst", "zh");
  const nav = page.locator('nav[aria-label="main"]');
  assert.match(await nav.innerText(), /统计/);
  assert.doesNotMatch(await nav.innerText(), /用户|公众号/);
  await page.getByTestId("language-switch").click();
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await page.reload();
  assert.match(await page.locator('nav[aria-label="main"]').innerText(), /Statistics/);
  await page.context().close();

  const admin = await signInAs(browser, app.baseUrl, "admin", "en");
  assert.match(await admin.locator('nav[aria-label="main"]').innerText(), /Users/);
  await admin.context().close();
});
