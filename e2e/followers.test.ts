import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";
import { query } from "../test/helpers/database";
import { followedBefore } from "../test/helpers/sandbox-follower";

// A code's counts in the codes list, and the followers it brought, on a desktop and on a phone (issue 11, point 5).

const suite = browserSuite({ tokens: { marketer: "m", operator: "o" } });

async function createCode(name: string) {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name, channel: "门店", kind: "temporary", expireSeconds: 3600 }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

async function testScan(id: number, openid: string) {
  const res = await api(suite.app.baseUrl, suite.tokens.operator, `/api/qrcodes/${id}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid }),
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

test("the codes list counts a code's scans and followers; its followers show as a table, then as cards at 390 px", async () => {
  const quiet = await createCode("门店立牌");
  const code = await createCode("门店海报");
  await testScan(code, "o_fan_one");
  await testScan(code, "o_fan_two");
  // Already following (since yesterday, without a code): the sandbox pushes SCAN, a scan but not a follower of this code.
  const [{ app_id: appId }] = await query<{ app_id: string }>(
    suite.app.databaseUrl,
    "SELECT a.app_id FROM accounts a JOIN qr_codes q ON q.account_id = a.id WHERE q.id = $1",
    [code],
  );
  await followedBefore(appId, "o_regular");
  await testScan(code, "o_regular");

  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  const row = page.locator(`[data-testid="code-row"][data-code-id="${code}"]`);
  assert.equal(await row.getByTestId("code-scans").innerText(), "3");
  assert.equal(await row.getByTestId("code-followers").innerText(), "2");
  assert.match(await page.getByTestId("codes-table").locator("thead").innerText(), /粉丝/);

  await row.getByTestId("code-followers").getByRole("link").click();
  await page.waitForURL(`${suite.app.baseUrl}/followers?qrCodeId=${code}`);
  await page.getByRole("heading", { name: "门店海报 带来的粉丝" }).waitFor();
  assert.deepEqual(await page.getByTestId("follower-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-openid"))), [
    "o_fan_two",
    "o_fan_one",
  ]);
  assert.equal(await page.getByTestId("followers-summary").innerText(), "共 2 人，其中 2 人仍在关注");
  assert.match((await page.getByTestId("followers-csv").getAttribute("href")) ?? "", /format=csv.*lang=zh/);
  await page.getByTestId("followers-filter-following").click();
  await page.getByTestId("follower-row").first().waitFor();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("follower-card").first().waitFor();
  assert.equal(await page.getByTestId("followers-table").isVisible(), false, "cards, not a table, on a phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
  await page.screenshot({ path: `${screenshotDir}/followers-390.png`, fullPage: true });

  await page.goto(`${suite.app.baseUrl}/followers?qrCodeId=${quiet}`);
  await page.getByText("还没有粉丝通过它关注").waitFor();
  assert.equal(await page.getByTestId("followers-empty-code").getAttribute("href"), `/codes/${quiet}`);
  await page.context().close();
});
