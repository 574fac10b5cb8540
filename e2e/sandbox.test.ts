import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";

// Issue 10 point 6 and issue 11 point 7: on a phone, an operator plays a sandbox follower — scans a
// code (its reply appears as a bubble), sends a keyword (the rule's reply), then unfollows (a line).
const suite = browserSuite({ tokens: { marketer: "m", operator: "o" } });

test("operator on a phone: scan → reply bubble, keyword text → reply bubble, unfollow → a line; following badge follows", async () => {
  const { marketer, operator } = suite.tokens;
  const code = await api(suite.app.baseUrl, marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({
      name: "灯谜",
      channel: "地铁",
      kind: "permanent",
      reply: { type: "text", content: "谜面：一口咬掉牛尾巴" },
    }),
  });
  assert.equal(code.status, 201, JSON.stringify(code.body));
  const rule = await api(suite.app.baseUrl, operator, `/api/accounts/${code.body.accountId}/keywords`, {
    method: "POST",
    body: JSON.stringify({ match: "exact", keywords: ["告"], reply: { type: "text", content: "答对了！" } }),
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));

  const page = await signInAs(suite.browser, suite.app.baseUrl, "operator", "zh");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/sandbox?openid=o_e2e_phone`);
  const phone = page.getByTestId("sandbox-phone");
  await phone.getByTestId("phone-empty").waitFor();

  await page.getByTestId("sandbox-scan").click();
  await phone.getByTestId("sandbox-got").filter({ hasText: "谜面：一口咬掉牛尾巴" }).waitFor();
  assert.match(await phone.getByTestId("sandbox-did").first().innerText(), /你扫描「灯谜」并关注了公众号/);

  await page.getByTestId("sandbox-text").fill("告");
  await page.getByTestId("sandbox-send").click();
  await phone.getByTestId("sandbox-got").filter({ hasText: "答对了！" }).waitFor();

  await page.getByTestId("sandbox-unfollow").click();
  await phone.locator('[data-testid="sandbox-did"][data-kind="unsubscribe"]').waitFor();
  await page.getByText("未关注").first().waitFor();
  assert.equal(await page.getByTestId("sandbox-unfollow").isDisabled(), true, "someone who does not follow cannot unfollow");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no sideways scroll");
  await page.screenshot({ path: `${screenshotDir}/sandbox-phone-zh.png`, fullPage: true });
  await page.context().close();
});
