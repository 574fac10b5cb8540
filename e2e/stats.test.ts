import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";
import { today } from "../test/helpers/dates";

const suite = browserSuite({ tokens: { marketer: "m", operator: "o" } });
const created: Record<string, number> = {};

async function createCode(body: Record<string, unknown>) {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", { method: "POST", body: JSON.stringify(body) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

async function testScan(id: number, openid: string, follower = false) {
  const res = await api(suite.app.baseUrl, suite.tokens.operator, `/api/qrcodes/${id}/test-scan`, {
    method: "POST",
    body: JSON.stringify({ openid, follower }),
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** A breakdown row's cells, each without the change against the previous period shown under its value. */
const rowText = (row: Locator) =>
  row.evaluate((tr) =>
    [...tr.children]
      .map((cell) => {
        const copy = cell.cloneNode(true) as Element;
        for (const delta of copy.querySelectorAll('[data-testid="delta"]')) delta.remove();
        return copy.textContent?.trim();
      })
      .join("  "),
  );

const total = (page: Page, metric: string) => page.getByTestId(`total-${metric}`).locator("[data-value]").innerText();

async function waitForTotal(page: Page, metric: string, value: string, timeout = 10_000) {
  await page.waitForFunction(
    ([m, v]) => document.querySelector(`[data-testid="total-${m}"] [data-value]`)?.textContent === v,
    [metric, value] as const,
    { timeout },
  );
}

test("before any code exists, the page says to create one", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  await page.goto(`${suite.app.baseUrl}/stats`, { waitUntil: "networkidle" }); // in the HTML: act once hydrated
  const empty = page.getByTestId("empty-state");
  await empty.waitFor();
  assert.match(await empty.innerText(), /还没有二维码/);
  assert.match(await empty.innerText(), /市场同事/, "an analyst is told who creates codes");
  await page.screenshot({ path: `${screenshotDir}/stats-empty-zh.png`, fullPage: true });
  await page.context().close();

  const marketerPage = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "en");
  await marketerPage.goto(`${suite.app.baseUrl}/stats`);
  const link = marketerPage.getByRole("link", { name: "Create a QR code" });
  await link.waitFor();
  assert.equal(await link.getAttribute("href"), "/codes");
  await marketerPage.context().close();
});

test("the analyst's journey: totals, chart, breakdown, CSV, drill-down and live refresh", async () => {
  created.subway = await createCode({
    name: "地铁 A 口",
    channel: "地铁",
    campaign: "春季",
    kind: "permanent",
    sceneStr: "e2e_subway",
  });
  created.mall = await createCode({
    name: "商场海报",
    channel: "商场",
    campaign: "春季",
    kind: "temporary",
    expireSeconds: 3600,
  });
  await testScan(created.subway, "o_alice");
  await testScan(created.subway, "o_alice", true);
  await testScan(created.subway, "o_bob");
  await testScan(created.mall, "o_carol");

  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  // The numbers come with the page itself, before any script of it runs.
  const html = await (await page.request.get(`${suite.app.baseUrl}/stats`)).text();
  assert.match(html, /data-testid="total-scans"[\s\S]*?<dd[^>]*data-value[^>]*>4</);
  // …and are on screen before any script runs (a Suspense boundary would keep them hidden until hydration).
  const noScript = await suite.browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const still = await noScript.newPage();
  await still.goto(`${suite.app.baseUrl}/stats`);
  assert.ok(await still.getByTestId("total-scans").isVisible(), "the totals are visible without scripts");
  assert.equal(await still.getByTestId("total-scans").locator("[data-value]").innerText(), "4");
  assert.ok(await still.getByTestId("series-chart").locator("svg").isVisible(), "the chart is drawn without scripts");
  await noScript.close();
  await page.goto(`${suite.app.baseUrl}/stats`, { waitUntil: "networkidle" }); // in the HTML: act once hydrated
  await waitForTotal(page, "scans", "4");
  assert.equal(await total(page, "uniqueScanners"), "3");
  assert.equal(await total(page, "newFollows"), "3");
  assert.equal(await total(page, "unfollows"), "0");
  assert.equal(await total(page, "netFollows"), "3");
  assert.equal(await total(page, "newFollowers"), "3");
  assert.equal(await total(page, "conversion"), "100%");
  // every metric's definition beside its name, on the cards and in the table's headers
  const about = page.getByTestId("total-newFollowers").getByTestId("about-newFollowers");
  assert.match((await about.getAttribute("aria-label")) ?? "", /^新增关注人数：.*同一人关注多次只计一次/);
  await about.click();
  await page.getByTestId("total-newFollowers").getByText("同一人关注多次只计一次").waitFor();
  assert.match(
    (await page.getByTestId("breakdown-table").getByTestId("about-conversion").getAttribute("title")) ?? "",
    /不会超过 100%/,
  );
  assert.equal(await page.getByRole("button", { name: "近 7 天", exact: true }).getAttribute("aria-pressed"), "true");
  await page.getByTestId("live-indicator").waitFor();
  // "updated at" on the account's clock, the zone named
  await page
    .getByTestId("live-indicator")
    .getByText(/^· 更新于 \d{2}:\d{2}:\d{2}（Asia\/Shanghai）$/)
    .waitFor();

  // the chart: seven days, today's band tells its numbers
  const chart = page.getByTestId("series-chart");
  await chart.locator("svg").waitFor();
  const bands = await chart.locator("rect > title").allTextContents();
  assert.equal(bands.length, 7);
  assert.match(bands[6], new RegExp(`^${today()}: 扫码次数 4, 新增关注 3, 取消关注 0$`));
  assert.match(bands[0], /扫码次数 0/);
  await chart.locator("rect").last().hover();
  assert.match(await chart.locator("div[aria-hidden]").innerText(), new RegExp(today()));

  // the heatmap: the four scans in their weekday and hour, told on hover
  const heat = page.getByTestId("heatmap");
  await heat.waitFor();
  const cells = heat.locator("button[data-scans]");
  assert.equal(await cells.count(), 7 * 24);
  assert.equal(await cells.evaluateAll((all) => all.reduce((n, cell) => n + Number(cell.getAttribute("data-scans")), 0)), 4);
  await heat.locator("button:not([data-scans='0'])").first().hover();
  assert.match(await page.getByTestId("heatmap-detail").innerText(), /^周[一二三四五六日] \d{2}:00–\d{2}:00 · \d 次扫码$/);

  // the breakdown by channel, largest first, with bars
  const rows = page.getByTestId("breakdown-row");
  await rows.first().waitFor();
  assert.deepEqual(await rows.locator("th").allInnerTexts(), ["地铁", "商场"]);
  assert.match(await rowText(rows.first()), /地铁\s+3\s+2\s+2\s+2\s+0\s+0\s+2\s+100%/);
  // Against the 7 days before, which had no scans: each count's change, no share of nothing.
  assert.equal(await page.getByTestId("change-scans").innerText(), "▲4");
  assert.deepEqual(await rows.first().getByTestId("delta").allInnerTexts(), ["▲3", "▲2", "▲2", "▲2", "±0", "±0", "▲2"]);
  assert.match(await page.getByTestId("compare-range").innerText(), /与上一期/);
  assert.equal(await page.getByTestId("breakdown-bars").locator("g[data-row]").count(), 2);
  // sortable: by name ascending, then back to scans
  const table = page.getByTestId("breakdown-table");
  await table.getByRole("button", { name: /^渠道/ }).click();
  const sortedByName = await rows.locator("th").allInnerTexts();
  assert.deepEqual(
    sortedByName,
    [...sortedByName].sort((a, b) => a.localeCompare(b, "zh-CN")),
  );
  assert.equal(await page.locator("th[aria-sort='ascending']").count(), 1);
  await table.getByRole("button", { name: /^扫码次数/ }).click();
  assert.deepEqual(await rows.locator("th").allInnerTexts(), ["地铁", "商场"]);
  await page.screenshot({ path: `${screenshotDir}/stats-zh.png`, fullPage: true });

  // CSV exports: the table as shown, and the raw events
  const [tableCsv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-table").click()]);
  assert.match(tableCsv.suggestedFilename(), /^qudao-stats-channel-.*\.csv$/);
  const tableText = readFileSync((await tableCsv.path())!, "utf8");
  assert.match(tableText, /^\uFEFF渠道,扫码次数,扫码人数,新增关注,新增关注人数,取消关注,取消关注人数,净增关注/);
  assert.match(tableText, /地铁,3,2,2,2,0,0,2/);
  // The raw events come with progress: a failure says why and offers a retry, a slow export can be cancelled.
  const eventsApi = (url: URL) => url.pathname === "/api/events";
  await page.route(eventsApi, (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "unavailable", message: "数据库暂时不可用" } }),
    }),
  );
  await page.getByTestId("export-events").click();
  await page.getByTestId("export-events-error").waitFor();
  assert.equal(await page.getByTestId("export-events-error").locator("span").innerText(), "导出失败：数据库暂时不可用");
  await page.unroute(eventsApi);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(eventsApi, async (route) => {
    await held;
    await route.abort().catch(() => {});
  });
  await page.getByTestId("export-events-retry").click();
  await page.getByTestId("export-events-progress").waitFor();
  assert.equal(await page.getByTestId("export-events-count").innerText(), "正在准备导出…");
  assert.equal(await page.getByRole("progressbar", { name: "原始事件导出进度" }).count(), 1);
  await page.getByTestId("export-events-progress").screenshot({ path: `${screenshotDir}/stats-export-progress-zh.png` });
  await page.getByTestId("export-events-cancel").click();
  assert.equal(await page.getByTestId("export-events-status").innerText(), "已取消导出");
  assert.equal(await page.getByTestId("export-events-progress").count(), 0);
  release();
  await page.unroute(eventsApi);

  // and the real one: streamed, counted against X-Total-Rows, saved under the server's file name
  const [eventsCsv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-events").click()]);
  assert.match(eventsCsv.suggestedFilename(), /^qudao-events-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const events = readFileSync((await eventsCsv.path())!, "utf8");
  assert.equal(events.trim().split("\r\n").length, 5, "a header and four scans");
  assert.match(events, /扫码关注,o_bob,e2e_subway/);
  await page.waitForFunction(() => document.querySelector('[data-testid="export-events-status"]')?.textContent === "已导出 4 行");

  // drill into the channel: its codes only; totals and chart follow
  await page.getByRole("button", { name: "查看“地铁”下的二维码" }).click();
  await page.getByTestId("drill-path").waitFor();
  assert.match(await page.getByTestId("drill-path").innerText(), /渠道：地铁/);
  assert.equal(new URL(page.url()).searchParams.get("channel"), "地铁");
  await waitForTotal(page, "scans", "3");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breakdown-row"]').length === 1);
  assert.match(await rowText(rows.first()), /地铁 A 口\s+3\s+2\s+2/);
  assert.equal(await page.getByRole("button", { name: "按二维码", exact: true }).getAttribute("aria-pressed"), "true");

  // live: one more scan while the page is open shows up without a reload
  await testScan(created.subway, "o_dave");
  await waitForTotal(page, "scans", "4", 25_000);
  assert.equal(await total(page, "uniqueScanners"), "3");
  assert.match(await rowText(rows.first()), /地铁 A 口\s+4\s+3\s+3/);

  // Back walks up to the channels
  await page.goBack();
  await waitForTotal(page, "scans", "5");
  assert.equal(await page.getByTestId("drill-path").count(), 0);
  await page.context().close();
});

test("custom range validation, a past range without scans, and the English page", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "en");
  await page.goto(`${suite.app.baseUrl}/stats`, { waitUntil: "networkidle" }); // in the HTML: act once hydrated
  await waitForTotal(page, "scans", "5");
  await page.screenshot({ path: `${screenshotDir}/stats-en.png`, fullPage: true });
  const [englishCsv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-events").click()]);
  assert.match(englishCsv.suggestedFilename(), /^qudao-events-.*\.csv$/);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="export-events-status"]')?.textContent === "Exported 5 rows",
  );

  await page.getByRole("button", { name: "Custom", exact: true }).click();
  await page.locator("#stats-from").fill("2026-03-10");
  await page.locator("#stats-to").fill("2026-03-01");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  assert.equal(await page.locator("#stats-to-error").innerText(), "The end date must not be before the start date");
  assert.equal(await page.locator("#stats-to").getAttribute("aria-invalid"), "true");
  await page.locator("#stats-from").fill("2024-01-01");
  assert.equal(await page.locator("#stats-to-error").innerText(), "The range is limited to 366 days");
  await page.locator("#stats-from").fill("2026-02-20");
  assert.equal(await page.locator("#stats-to-error").count(), 0, "the message goes as soon as the input is right");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="range-label"]')?.textContent === "2026-02-20 to 2026-03-01",
  );
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("from"), "2026-02-20");
  assert.equal(url.searchParams.get("to"), "2026-03-01");

  // nothing happened then: say what to do next, and no live indicator for a past range
  const empty = page.getByTestId("empty-state");
  await empty.waitFor();
  assert.match(await empty.innerText(), /No scans in this range/);
  assert.equal(await page.getByTestId("live-indicator").count(), 0);
  await page.getByRole("button", { name: "Show the last 30 days", exact: true }).click();
  await waitForTotal(page, "scans", "5");
  assert.equal(await page.getByRole("button", { name: "Last 30 days", exact: true }).getAttribute("aria-pressed"), "true");

  // one day: the chart goes by hour
  await page.getByRole("button", { name: "Today", exact: true }).click();
  await page.getByText("Trend · By hour").waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="series-chart"] rect > title').length === 24);
  const hours = await page.getByTestId("series-chart").locator("rect > title").allTextContents();
  assert.match(hours[0], new RegExp(`^${today()} 00:00–01:00: Scans \\d+`));
  const counts = hours.map((h) => /Scans (\d+|—)/.exec(h)![1]);
  assert.equal(
    counts.reduce((sum, n) => sum + (n === "—" ? 0 : Number(n)), 0),
    5,
    "today's five scans, spread over its hours",
  );
  const toCome = counts.indexOf("—");
  assert.ok(toCome === -1 || counts.slice(toCome).every((n) => n === "—"), "hours still to come have no value, not zero");

  // several accounts: a picker; each account has its own numbers
  const { upsertAccount } = await import("@/lib/db/accounts");
  const second = await upsertAccount({
    appId: "wx_second_e2e",
    name: "Second account",
    appSecret: "s",
    token: "t",
    mode: "plain",
    timeZone: "Europe/London",
  });
  await page.reload({ waitUntil: "networkidle" }); // the picker is in the page's HTML: choose once it is hydrated
  const picker = page.getByTestId("account-picker");
  await picker.waitFor();
  await picker.selectOption(String(second.id));
  await page.getByText("No QR codes yet").waitFor();
  assert.equal(new URL(page.url()).searchParams.get("accountId"), String(second.id));
  assert.match(await page.getByText(/time zone/).innerText(), /Europe\/London/);
  await page.context().close();
});

test("a breakdown of many codes shows its first hundred rows, then all on request", async () => {
  for (let i = 1; i <= 101; i++)
    await testScan(
      await createCode({ name: `海报 ${i}`, channel: "批量", kind: "temporary", expireSeconds: 3600 }),
      `o_many_${i}`,
    );
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  await page.goto(`${suite.app.baseUrl}/stats?range=today&groupBy=qrcode`, { waitUntil: "networkidle" });
  const showAll = page.getByTestId("breakdown-all");
  await showAll.waitFor();
  assert.equal(await page.getByTestId("breakdown-row").count(), 100);
  const all = Number(/显示全部 (\d+) 行/.exec(await showAll.innerText())?.[1]);
  assert.ok(all > 101, `every scanned code counted (${all})`);
  await showAll.click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="breakdown-row"]').length === n, all);
  assert.equal(await showAll.count(), 0);
  await page.context().close();
});
