import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";

const suite = browserSuite();

test("signed out, every page leads to sign-in; a wrong password is refused inline", async () => {
  const context = await suite.browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${suite.app.baseUrl}/`);
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
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  const nav = page.locator('nav[aria-label="main"]');
  assert.match(await nav.innerText(), /统计/);
  assert.doesNotMatch(await nav.innerText(), /用户|公众号/);
  await page.getByTestId("language-switch").click();
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await page.reload();
  assert.match(await page.locator('nav[aria-label="main"]').innerText(), /Statistics/);
  await page.context().close();

  const admin = await signInAs(suite.browser, suite.app.baseUrl, "admin", "en");
  assert.match(await admin.locator('nav[aria-label="main"]').innerText(), /Users/);
  await admin.context().close();
});
