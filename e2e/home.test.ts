import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { startApp, type RunningApp } from "../test/helpers/app";

let app: RunningApp;
let browser: Browser;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

test("the production build serves the home page in Chromium", async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const response = await page.goto(app.baseUrl);
  assert.equal(response?.status(), 200);
  assert.match(await page.locator("h1").innerText(), /Qudao/);
  assert.match(await page.content(), /\/api\/wechat\//);
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.screenshot({ path: "test-results/screenshots/home.png", fullPage: true });
  assert.deepEqual(errors, []);
});
