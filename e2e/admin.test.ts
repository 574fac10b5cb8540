import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";

const suite = browserSuite();

async function adminPage(locale: "zh" | "en"): Promise<Page> {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", locale);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.app.baseUrl });
  return page;
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test("admin adds an account with generated Token and EncodingAESKey, copies the webhook URL, and checks the connection", async () => {
  const { findAccountByAppId } = await import("@/lib/db/accounts");
  const { sha1Sorted } = await import("@/lib/wechat");
  const page = await adminPage("zh");
  await page.goto(`${suite.app.baseUrl}/accounts`);
  await page.getByTestId("accounts-table").waitFor();
  assert.equal(await page.getByTestId("account-row").count(), 1, "the bootstrapped sandbox account is listed");
  assert.match(await page.getByTestId("account-row").innerText(), /沙箱/);

  await page.getByTestId("add-account").click();
  const form = page.getByTestId("account-form");
  await form.waitFor();

  // Inline validation from the API's schema, in Chinese, before anything is sent.
  await page.locator("#account-name").fill("地铁公众号");
  await page.locator("#account-appId").fill("wx12345");
  await page.locator("#account-appSecret").fill("a1b2c3d4e5f60718293a4b5c6d7e8f90");
  await page.locator("#account-token").fill("a");
  await page.getByTestId("save-account").click();
  await page.locator("#account-appId-error").waitFor();
  assert.match(await page.locator("#account-appId-error").innerText(), /wx 加 16 位/);
  assert.match(await page.locator("#account-token-error").innerText(), /3–32 位字母或数字/);
  assert.match(await page.locator("#account-encodingAesKey-error").innerText(), /必须填写 EncodingAESKey/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "account-appId", "focus moves to the first error");
  assert.equal(await page.getByTestId("webhook-url").count(), 0, "no URL for an invalid AppID");

  const appId = "wx0a1b2c3d4e5f6a7b";
  await page.locator("#account-appId").fill(appId);
  await page.getByTestId("generate-token").click();
  await page.getByTestId("generate-aes-key").click();
  const token = await page.locator("#account-token").inputValue();
  const aesKey = await page.locator("#account-encodingAesKey").inputValue();
  assert.match(token, /^[A-Za-z0-9]{32}$/);
  assert.match(aesKey, /^[A-Za-z0-9]{43}$/);
  assert.equal(await page.locator("#account-token-error").count(), 0, "errors clear as they are fixed");

  const expectedUrl = `${suite.app.baseUrl}/api/wechat/${appId}`;
  assert.equal(await page.getByTestId("webhook-url").innerText(), expectedUrl, "the URL is shown while filling in");
  // The sandbox answers only sandbox accounts: without the box, the check would go to WeChat itself.
  await page.locator("#account-sandbox").check();
  await page.getByTestId("save-account").click();

  // Saved: the server configuration to enter on WeChat, with the secrets still visible this once.
  const setup = page.getByTestId("webhook-setup");
  await page.getByTestId("close-setup").waitFor();
  assert.equal(await setup.getByTestId("webhook-url").innerText(), expectedUrl);
  assert.match(
    await setup.getByTestId("webhook-url-unreachable").innerText(),
    /微信服务器无法访问这个地址：127\.0\.0\.1/,
    "a loopback URL is flagged as one WeChat cannot call",
  );
  assert.equal(await setup.getByTestId("setup-token-value").innerText(), token);
  assert.equal(await setup.getByTestId("setup-aes-key-value").innerText(), aesKey);
  assert.match(await setup.getByTestId("setup-mode").innerText(), /安全模式/);
  await setup.getByTestId("copy-webhook-url").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="copy-webhook-url"]')?.textContent?.includes("已复制"));
  assert.equal(await clipboard(page), expectedUrl);

  const stored = await findAccountByAppId(appId);
  assert.ok(stored);
  assert.equal(stored.token, token);
  assert.equal(stored.encodingAesKey, aesKey);
  assert.equal(stored.mode, "safe");

  // WeChat's URL check (服务器配置 → 提交) passes with the Token shown here.
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sha1Sorted([token, timestamp, "nonce42"]);
  const echo = await fetch(`${expectedUrl}?signature=${signature}&timestamp=${timestamp}&nonce=nonce42&echostr=hello-wechat`);
  assert.equal(echo.status, 200);
  assert.equal(await echo.text(), "hello-wechat");

  const setupCard = page.locator("section", { has: page.getByTestId("close-setup") });
  await setupCard.getByTestId("check-connection").click();
  const result = setupCard.getByTestId("check-result");
  await result.waitFor();
  assert.equal(await result.getAttribute("data-ok"), "true", await result.innerText());
  assert.match(await result.innerText(), /连接正常/);

  assert.equal(await page.getByTestId("account-row").count(), 2);
  await page.screenshot({ path: `${screenshotDir}/accounts-zh.png`, fullPage: true });

  // Editing leaves secret fields empty (write-only); saving keeps them.
  await page.getByTestId("close-setup").click();
  await page.locator(`[data-testid="account-row"][data-app-id="${appId}"]`).getByTestId("edit-account").click();
  assert.equal(await page.locator("#account-token").inputValue(), "");
  assert.equal(await page.locator("#account-appSecret").inputValue(), "");
  assert.ok(await page.locator("#account-appId").isDisabled());
  await page.locator("#account-name").fill("地铁公众号（上海）");
  await page.getByTestId("save-account").click();
  await page.getByTestId("close-setup").waitFor();
  assert.equal(await page.getByTestId("setup-token-value").count(), 0, "a kept secret is not shown again");
  const edited = await findAccountByAppId(appId);
  assert.equal(edited?.name, "地铁公众号（上海）");
  assert.equal(edited?.token, token);
  assert.equal(edited?.encodingAesKey, aesKey);
  assert.ok(!(await page.content()).includes(aesKey), "the page holds no secret once it was saved and left");
  await page.context().close();
});

test("admin creates a user with a generated password and an API token shown once", async () => {
  const { verifyLogin } = await import("@/lib/db/users");
  const page = await adminPage("zh");
  await page.goto(`${suite.app.baseUrl}/users`);
  await page.getByTestId("users-table").waitFor();

  await page.getByTestId("add-user").click();
  await page.locator("#user-email").fill("li.lei@example.com");
  await page.locator("#user-name").fill("李雷");
  await page.locator("#user-role").selectOption("operator");
  await page.locator("#user-password").fill("short");
  await page.getByTestId("create-user").click();
  await page.locator("#user-password-error").waitFor();
  assert.match(await page.locator("#user-password-error").innerText(), /至少 10 个字符/);
  await page.getByTestId("generate-password").click();
  const password = await page.locator("#user-password").inputValue();
  assert.match(password, /^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
  await page.getByTestId("create-user").click();
  await page.getByTestId("new-password").waitFor();
  assert.equal(await page.getByTestId("new-password").innerText(), password);
  const row = page.locator('[data-testid="user-row"][data-email="li.lei@example.com"]');
  await row.waitFor();
  assert.equal(await row.getByTestId("user-role").inputValue(), "operator");
  const user = await verifyLogin("li.lei@example.com", password, "127.0.0.1");
  assert.equal(user?.role, "operator", "the user signs in with the handed-over password");
  await page.screenshot({ path: `${screenshotDir}/users-zh.png`, fullPage: true });

  await page.goto(`${suite.app.baseUrl}/tokens`);
  await page.getByTestId("add-token").click();
  await page.locator("#token-name").fill("CRM 同步");
  await page.locator("#token-role").selectOption("analyst");
  await page.getByTestId("create-token").click();
  const value = page.getByTestId("new-token-value");
  await value.waitFor();
  const token = await value.innerText();
  assert.match(token, /^qd_[A-Za-z0-9_-]{43}$/);
  assert.match(await page.getByTestId("new-token").innerText(), /唯一一次/);
  await page.getByTestId("copy-token").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="copy-token"]')?.textContent?.includes("已复制"));
  assert.equal(await clipboard(page), token);
  const works = await fetch(`${suite.app.baseUrl}/api/accounts`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(works.status, 200, "the copied token works");
  await page.locator('[data-testid="token-row"][data-name="CRM 同步"]').waitFor();
  await page.screenshot({ path: `${screenshotDir}/tokens-zh.png`, fullPage: true });

  await page.getByTestId("token-done").click();
  await page.reload();
  await page.getByTestId("tokens-table").waitFor();
  assert.ok(!(await page.content()).includes(token), "never shown again");

  const tokenRow = page.locator('[data-testid="token-row"][data-name="CRM 同步"]');
  await tokenRow.getByTestId("revoke-token").click();
  await tokenRow.getByTestId("revoke-token-confirm").click();
  await tokenRow.getByText(/已于 .* 吊销/).waitFor();
  const refused = await fetch(`${suite.app.baseUrl}/api/accounts`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(refused.status, 401);
  await page.context().close();
});

test("an admin sees who is locked out from where, in both languages, and lifts it", async () => {
  const { createUser, verifyLogin } = await import("@/lib/db/users");
  const email = "locked.out@example.com";
  await createUser({ email, name: "Lockie", role: "analyst", password: "lockie password" });
  for (let i = 0; i < 5; i++) await verifyLogin(email, "not the password", "203.0.113.77");

  const page = await adminPage("en");
  await page.goto(`${suite.app.baseUrl}/users`);
  const lockout = page.locator('[data-testid="lockout"][data-email="locked.out@example.com"]');
  await lockout.waitFor();
  assert.match(await lockout.innerText(), /Lockie[\s\S]*203\.0\.113\.77: 5 failed attempts, locked until/);
  assert.match(await page.getByTestId("lockouts").innerText(), /5 wrong passwords in a row from one address/);
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  assert.match(await row.innerText(), /Locked from 1 address/);
  await page.screenshot({ path: `${screenshotDir}/users-lockout-en.png`, fullPage: true });

  await page.context().addCookies([{ name: "qudao-lang", value: "zh", url: suite.app.baseUrl }]);
  await page.reload();
  await lockout.waitFor();
  assert.match(await lockout.innerText(), /203\.0\.113\.77：输错 5 次，锁定至/);

  await lockout.getByTestId("lift-lockout").click();
  await page
    .getByTestId("users-notice")
    .getByText(/已解锁 Lockie/)
    .waitFor();
  await lockout.waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("lockouts").count(), 0, "no lock-out left to show");
  assert.ok(await verifyLogin(email, "lockie password", "203.0.113.77"), "the address signs in again");
  await page.context().close();
});

test("the admin pages in English", async () => {
  const page = await adminPage("en");
  await page.goto(`${suite.app.baseUrl}/accounts`);
  await page.getByTestId("accounts-table").waitFor();
  const sandboxRow = page.getByTestId("account-row").first();
  await sandboxRow.getByTestId("check-connection").click();
  await page.getByTestId("check-result").waitFor();
  assert.match(await page.getByTestId("check-result").innerText(), /Connected/);
  await sandboxRow.getByTestId("edit-account").click();
  await page.locator("#account-encodingAesKey").fill("too-short");
  await page.locator("#account-timeZone").fill("Mars/Olympus");
  await page.getByTestId("save-account").click();
  await page.locator("#account-encodingAesKey-error").waitFor();
  assert.match(await page.locator("#account-encodingAesKey-error").innerText(), /exactly 43 letters or digits/);
  assert.match(await page.locator("#account-timeZone-error").innerText(), /Unknown time zone/);
  await page.screenshot({ path: `${screenshotDir}/accounts-en.png`, fullPage: true });

  await page.goto(`${suite.app.baseUrl}/users`);
  await page.getByTestId("users-table").waitFor();
  const self = page.getByTestId("user-row").filter({ hasText: "(you)" });
  assert.ok(await self.getByTestId("delete-user").isDisabled(), "nobody deletes themselves");
  const other = page.locator('[data-testid="user-row"][data-email="li.lei@example.com"]');
  await other.getByTestId("reset-password").click();
  await page.getByTestId("save-password").waitFor();
  await page.screenshot({ path: `${screenshotDir}/users-en.png`, fullPage: true });

  await page.goto(`${suite.app.baseUrl}/tokens`);
  await page.getByTestId("tokens-table").waitFor();
  assert.match(await page.getByTestId("tokens-table").innerText(), /Revoked/);
  await page.screenshot({ path: `${screenshotDir}/tokens-en.png`, fullPage: true });
  await page.context().close();
});

test("a marketer gets the forbidden page on every admin page, and no admin links", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  assert.doesNotMatch(await page.locator('nav[data-testid="main-nav"]').innerText(), /公众号|用户|API 令牌/);
  for (const path of ["/accounts", "/users", "/tokens"]) {
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.getByTestId("forbidden").waitFor();
    assert.equal(await page.getByTestId("accounts-table").count(), 0);
  }
  await page.context().close();
});
