import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";
import { query } from "../test/helpers/database";

// The job queue page (issue 10, point 1) in the browser: WeChat refuses a scan's tagging for good
// (45059: the follower has 20 tags), the admin finds the failed job with WeChat's errcode and reason,
// retries it once WeChat would accept it, and sees it done. At phone width, in Chinese.

const suite = browserSuite({ tokens: { admin: "admin e2e", marketer: "marketer e2e", operator: "operator e2e" } });

async function call(path: string, method: string, body: unknown, token: string) {
  const res = await api(suite.app.baseUrl, token, path, { method, body: JSON.stringify(body) });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

test("a tagging WeChat refused shows on the jobs page with its errcode; the admin retries it and it is done", async () => {
  const { tokens } = suite;
  const code = await call("/api/qrcodes", "POST", { name: "标签海报", channel: "地铁", kind: "temporary" }, tokens.marketer);
  await call(`/api/qrcodes/${code.id}/tags`, "PUT", { tags: ["地铁粉丝"] }, tokens.marketer);
  const [{ app_id: appId }] = await query<{ app_id: string }>(
    suite.app.databaseUrl,
    "SELECT app_id FROM accounts WHERE id = $1",
    [code.accountId],
  );
  await call("/api/sandbox/faults", "POST", { appId, api: "tags/members/batchtagging", errcode: 45059 }, tokens.admin);
  await call(`/api/qrcodes/${code.id}/test-scan`, "POST", { openid: "o_jobs_e2e" }, tokens.operator);

  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "zh");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/jobs`);
  const row = page.locator('[data-testid="job-row"][data-state="failed"]');
  await row.waitFor({ timeout: 20_000 });
  // The errcode in the page's language, WeChat's own errmsg beside it.
  assert.match(await row.getByTestId("job-failure").innerText(), /微信错误码 45059.*标签已达微信上限 20 个/);
  assert.match(await row.innerText(), /渠道标签/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true);
  await page.screenshot({ path: `${screenshotDir}/jobs-failed-phone-zh.png`, fullPage: true });

  await row.getByTestId("job-retry").click();
  await page.getByTestId("jobs-notice").filter({ hasText: "任务已重新排队" }).waitFor();
  await page.getByTestId("jobs-view-done").click();
  await page.locator('[data-testid="job-row"][data-state="completed"]').waitFor({ timeout: 20_000 });
  const tagged = await query(suite.app.databaseUrl, "SELECT 1 FROM sandbox_user_tags WHERE openid = 'o_jobs_e2e'");
  assert.equal(tagged.length, 1, "tagged at WeChat once the retry ran");

  const marketer = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  const refused = await marketer.goto(`${suite.app.baseUrl}/jobs`);
  assert.notEqual(refused?.url().endsWith("/jobs"), true, "a marketer is sent away from the jobs page");
  await marketer.context().close();
  await page.context().close();
});
