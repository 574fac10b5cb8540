import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";

const suite = browserSuite();

test("signed out, every page leads to sign-in; a wrong password and a locked address are told apart", async () => {
  const context = await suite.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await page.goto(`${suite.app.baseUrl}/`);
  assert.equal(new URL(page.url()).pathname, "/signin");
  assert.match(await page.locator("h1").innerText(), /登录/);
  const error = page.locator("#password-error");
  const attempt = async (email: string, password: string) => {
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(password);
    await page.locator('button[type="submit"]').click();
    await page.waitForFunction(() => {
      const button = document.querySelector('button[type="submit"]');
      return document.querySelector("#password-error") && button && !(button as HTMLButtonElement).disabled;
    });
    return error.innerText();
  };
  assert.equal(await attempt("admin@example.com", "wrong-password-123"), "邮箱或密码不正确");
  await page.screenshot({ path: `${screenshotDir}/signin-zh.png` });

  // An email nobody has is locked like any other, so the lock gives away no accounts.
  const { SIGN_IN_LOCKOUT } = await import("@/lib/access/sign-in-lockout");
  const { prisma } = await import("@/lib/db/client");
  for (let i = 1; i < SIGN_IN_LOCKOUT.failures; i++)
    assert.match(await attempt("nobody@example.com", "wrong-password-123"), /不正确/);
  const locked = await attempt("nobody@example.com", "wrong-password-123");
  const [miss] = await prisma.signInMiss.findMany({ where: { email: "nobody@example.com" } });
  assert.ok(miss?.lockedUntil, "the fifth failure locks the address");
  const time = new Intl.DateTimeFormat("zh-CN", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Asia/Shanghai",
  });
  assert.equal(locked, `从当前地址连续输错次数过多，登录已暂停，请在 ${time.format(miss.lockedUntil)} 后再试`);
  await page.screenshot({ path: `${screenshotDir}/signin-locked-zh.png` });
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
