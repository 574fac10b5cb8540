import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api, push } from "../test/helpers/wechat-peer";
import { seedActiveCode } from "../test/helpers/seed";
import { query } from "../test/helpers/database";
import { followedBefore } from "../test/helpers/sandbox-follower";

// A code's counts in the codes list, and the followers it brought, on a desktop and on a phone (issue 11, point 5);
// how long those follows last, on the stats page (point 2).

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
  await page.goto(`${suite.app.baseUrl}/codes`);
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

test("retention on the stats page: the shares, the median, the curve, each follow day and each channel, in zh, en and at 390 px", async () => {
  const { upsertAccount } = await import("@/lib/db/accounts");
  const keys = {
    appId: "wx_e2e_retention",
    token: "t_retention",
    encodingAesKey: null,
    mode: "plain" as const,
    originalId: "gh_ret",
  };
  const id = (await upsertAccount({ ...keys, name: "留存号", appSecret: "s" })).id;
  await seedActiveCode({ accountId: id, channel: "展会", campaign: null, name: "展位码", sceneStr: "ret1" });
  // Four follow 40 days ago at 10:00 (Shanghai); one leaves after two hours, one after ten days.
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() - 40 * 86_400_000));
  const at = Date.parse(`${day}T10:00:00+08:00`) / 1000;
  const send = async (openid: string, event: "subscribe" | "unsubscribe", time: number) => {
    const res = await push(suite.app.baseUrl, keys, {
      openid,
      event,
      eventKey: event === "subscribe" ? "qrscene_ret1" : undefined,
      ticket: event === "subscribe" ? "ret1" : undefined,
      createTime: time,
    });
    assert.equal(res.status, 200, res.text);
  };
  for (const [n, openid] of ["o_r1", "o_r2", "o_r3", "o_r4"].entries()) await send(openid, "subscribe", at + n);
  await send("o_r1", "unsubscribe", at + 2 * 3600);
  await send("o_r2", "unsubscribe", at + 10 * 86_400);

  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  await page.goto(`${suite.app.baseUrl}/stats?accountId=${id}&from=${day}&to=${day}`);
  const card = page.getByTestId("retention");
  await card.getByTestId("retention-median").waitFor();
  assert.match(await card.getByTestId("retention-after-1").innerText(), /75%[\s\S]*3 \/ 4 次关注/);
  assert.match(await card.getByTestId("retention-after-7").innerText(), /75%/);
  assert.match(await card.getByTestId("retention-after-30").innerText(), /50%[\s\S]*2 \/ 4 次关注/);
  assert.match(await card.getByTestId("retention-median").innerText(), /1–3 小时[\s\S]*2 次关注已取消/);
  assert.deepEqual(await card.getByTestId("retention-cohorts-row").allInnerTexts(), [`${day}\t4\t75%\t75%\t50%\t1–3 小时`]);
  assert.match(await card.getByTestId("retention-groups-row").innerText(), /展会\s+4\s+75%\s+75%\s+50%/);
  assert.ok((await card.getByTestId("retention-line").getAttribute("d"))?.startsWith("M"), "the curve is drawn");
  await card.screenshot({ path: `${screenshotDir}/stats-retention-zh.png` });

  await page.setViewportSize({ width: 390, height: 844 });
  await card.getByTestId("retention-curve").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
  await card.screenshot({ path: `${screenshotDir}/stats-retention-390.png` });
  await page.context().close();

  const en = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "en");
  await en.goto(`${suite.app.baseUrl}/stats?accountId=${id}&from=${day}&to=${day}`);
  const median = en.getByTestId("retention-median");
  await median.waitFor();
  assert.match(await median.innerText(), /Median time to unfollow[\s\S]*1–3 h[\s\S]*2 follows ended/);
  assert.match(
    await en.getByTestId("retention-after-30").innerText(),
    /Still following after 30 d[\s\S]*50%[\s\S]*2 of 4 follows/,
  );
  // The day of the second unfollow has no follows through a code: the card says so.
  const later = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date((at + 10 * 86_400) * 1000));
  await en.goto(`${suite.app.baseUrl}/stats?accountId=${id}&from=${later}&to=${later}`);
  assert.match(await en.getByTestId("retention-empty").innerText(), /Nobody followed through a code in this range/);
  await en.context().close();
});
