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
  const nav = page.locator('nav[data-testid="main-nav"]');
  assert.match(await nav.innerText(), /统计/);
  assert.doesNotMatch(await nav.innerText(), /用户|公众号/);
  await page.getByTestId("language-switch").click();
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await page.reload();
  assert.match(await page.locator('nav[data-testid="main-nav"]').innerText(), /Statistics/);
  await page.context().close();

  const admin = await signInAs(suite.browser, suite.app.baseUrl, "admin", "en");
  assert.match(await admin.locator('nav[data-testid="main-nav"]').innerText(), /Users/);
  await admin.context().close();
});

test("dead ends say so in the reader's language and lead back; analysts start at statistics; every page has its icon", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  assert.equal(new URL(page.url()).pathname, "/stats", "an analyst's work starts at statistics");
  const missing: string[] = [];
  page.on("response", (res) => {
    if (res.status() === 404) missing.push(new URL(res.url()).pathname);
  });
  await page.reload();
  await page.waitForLoadState("networkidle");
  assert.deepEqual(missing, [], "nothing the page asks for is missing (the icon included)");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  assert.ok(icon, "the page names its icon");
  const iconRes = await page.request.get(new URL(icon, suite.app.baseUrl).href);
  assert.equal(iconRes.status(), 200);
  assert.match(iconRes.headers()["content-type"] ?? "", /image\/svg\+xml/);

  await page.goto(`${suite.app.baseUrl}/no-such-page`);
  const nowhere = page.getByTestId("not-found");
  assert.match(await nowhere.innerText(), /页面不存在/);
  await page.screenshot({ path: `${screenshotDir}/not-found-zh.png` });
  await nowhere.getByRole("link", { name: "返回首页" }).click();
  await page.waitForURL(`${suite.app.baseUrl}/stats`);

  await page.goto(`${suite.app.baseUrl}/codes/999999`);
  const noCode = page.getByTestId("not-found");
  assert.match(await noCode.innerText(), /找不到要查看的内容/);
  assert.equal(await page.getByRole("button", { name: "重试" }).count(), 0, "no retry where retrying cannot help");
  await noCode.getByRole("link", { name: "返回列表" }).click();
  await page.waitForURL(`${suite.app.baseUrl}/codes`);

  await page.goto(`${suite.app.baseUrl}/users`);
  const forbidden = page.getByTestId("forbidden");
  assert.match(await forbidden.innerText(), /无权/);
  await forbidden.getByRole("link", { name: "返回首页" }).click();
  await page.waitForURL(`${suite.app.baseUrl}/stats`);
  assert.equal(await page.getByTestId("main-nav").getAttribute("aria-label"), "主导航");
  await page.context().close();

  const en = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "en");
  await en.goto(`${suite.app.baseUrl}/no-such-page`);
  assert.match(await en.getByTestId("not-found").innerText(), /Page not found/);
  await en.goto(`${suite.app.baseUrl}/codes/999999`);
  assert.match(await en.getByTestId("not-found").innerText(), /What you asked for is not here/);
  assert.equal(await en.getByTestId("main-nav").getAttribute("aria-label"), "Main navigation");
  await en.context().close();
});
