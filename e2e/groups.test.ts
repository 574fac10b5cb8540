import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";
import { today } from "../test/helpers/dates";

// The channels and campaigns pages as a marketer uses them (issue 9, point 3).

const suite = browserSuite({ tokens: { marketer: "m", operator: "o", analyst: "a" } });

async function createCode(name: string, channel: string, campaign?: string) {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name, channel, campaign, kind: "temporary", expireSeconds: 3600 }),
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

async function statsByChannel() {
  const day = today();
  const res = await api(suite.app.baseUrl, suite.tokens.analyst, `/api/stats?from=${day}&to=${day}&groupBy=channel`);
  return Object.fromEntries(res.body.rows.map((r: { label: string; scans: number }) => [r.label, r.scans]));
}

test("a marketer renames a channel and merges it into another from the channels page; statistics follow", async () => {
  const subway = await createCode("地铁海报", "地铁站");
  const typo = await createCode("地铁灯箱", "地铁 站");
  await createCode("门店海报", "门店");
  await testScan(subway, "o_e2e_a");
  await testScan(typo, "o_e2e_a");
  await testScan(typo, "o_e2e_b");
  await statsByChannel();

  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");
  await page.getByTestId("main-nav").getByRole("link", { name: "渠道", exact: true }).click();
  await page.waitForURL(`${suite.app.baseUrl}/channels`);
  await page.getByTestId("channels-table").waitFor();
  const row = (name: string) => page.locator(`[data-testid="channel-row"][data-name="${name}"]`);
  assert.equal(await row("地铁 站").getByTestId("group-codes").innerText(), "1");
  assert.equal(await row("地铁 站").getByTestId("group-scans").innerText(), "2");
  assert.match(await page.getByTestId("channels-table").locator("thead").innerText(), /扫码（近 30 天）/i);

  // Rename: an empty name is refused in place; a taken one is the server's 409 in Chinese.
  await row("门店").getByTestId("rename-channel").click();
  await page.getByTestId("channel-name").fill(" ");
  await page.getByTestId("save-channel").click();
  await page.getByText("名称不能为空，最多 100 字").waitFor();
  await page.getByTestId("channel-name").fill("地铁站");
  await page.getByTestId("save-channel").click();
  await page.getByTestId("group-notice").getByText("这个公众号已经有同名的了").waitFor();
  await page.getByTestId("channel-name").fill("旗舰店");
  await page.getByTestId("save-channel").click();
  await page.getByTestId("group-notice").getByText("已把渠道 门店 重命名为 旗舰店").waitFor();
  await row("旗舰店").waitFor();
  assert.equal(await row("门店").count(), 0);

  // Merge the misspelt channel into the right one: pick the target, read what happens, confirm.
  await row("地铁 站").getByTestId("merge-channel").click();
  assert.equal(await page.getByTestId("merge-confirm").isDisabled(), true, "no target chosen yet");
  const targets = await page.getByTestId("merge-target").locator("option").allInnerTexts();
  assert.deepEqual(targets.slice(1).sort(), ["地铁站", "旗舰店"].sort(), "other channels of the account, not itself");
  await page.getByTestId("merge-target").selectOption({ label: "地铁站" });
  assert.match(await page.getByTestId("merge-explain").innerText(), /「地铁 站」的 1 个二维码将移到「地铁站」.*不能撤销/);
  await page.screenshot({ path: `${screenshotDir}/channels-merge-zh.png`, fullPage: true });
  await page.getByTestId("merge-confirm").click();
  await page.getByTestId("group-notice").getByText("已把渠道 地铁 站 合并到 地铁站").waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="channel-row"][data-name="地铁 站"]'));
  assert.equal(await row("地铁站").getByTestId("group-codes").innerText(), "2");
  assert.equal(await row("地铁站").getByTestId("group-scans").innerText(), "3");

  const stats = await statsByChannel();
  assert.equal(stats.地铁站, 3);
  assert.equal(stats["地铁 站"], undefined);
  assert.equal(stats.旗舰店, undefined, "no scans: no row");

  // A phone: the table scrolls sideways inside its card, the page itself does not.
  await page.setViewportSize({ width: 375, height: 800 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true);
  await page.screenshot({ path: `${screenshotDir}/channels-phone-zh.png`, fullPage: true });
  await page.context().close();
});

test("a marketer sets a campaign's dates and note (English); start after end is refused; an analyst only reads", async () => {
  await createCode("Spring poster", "Mall", "Spring sale");
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "en");
  await page.goto(`${suite.app.baseUrl}/campaigns`, { waitUntil: "networkidle" });
  const row = page.locator('[data-testid="campaign-row"][data-name="Spring sale"]');
  await row.waitFor();
  assert.equal(await row.getByTestId("campaign-dates").innerText(), "Not set");
  await row.getByTestId("edit-campaign").click();
  await page.getByTestId("campaign-starts").fill("2026-03-20");
  await page.getByTestId("campaign-ends").fill("2026-03-01");
  await page.getByTestId("save-campaign").click();
  const endError = page.locator('[id$="-endsOn-error"]');
  await endError.waitFor();
  assert.equal(await endError.innerText(), "The end must not be before the start");
  assert.match(await page.evaluate(() => document.activeElement?.id ?? ""), /-endsOn$/, "focus moves to the field");
  await page.getByTestId("campaign-ends").fill("2026-04-05");
  await page.getByTestId("campaign-note-input").fill("Stores in Shanghai first");
  await page.getByTestId("save-campaign").click();
  await page.getByTestId("group-notice").getByText("Saved campaign Spring sale").waitFor();
  assert.equal(await row.getByTestId("campaign-dates").innerText(), "2026-03-20 – 2026-04-05");
  assert.equal(await row.getByTestId("campaign-note").innerText(), "Stores in Shanghai first");
  await page.context().close();

  const analyst = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "en");
  await analyst.goto(`${suite.app.baseUrl}/campaigns`, { waitUntil: "networkidle" });
  await analyst.locator('[data-testid="campaign-row"][data-name="Spring sale"]').waitFor();
  assert.equal(await analyst.getByTestId("edit-campaign").count(), 0);
  await analyst.getByText("Your role can only view these").waitFor();
  await analyst.context().close();
});
