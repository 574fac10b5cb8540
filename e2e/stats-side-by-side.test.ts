import { test } from "node:test";
import type { Locator } from "playwright-core";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";

// Rows of the breakdown ticked and drawn side by side, on a phone-sized screen too.

const suite = browserSuite({ tokens: { marketer: "m", operator: "o" } });

async function createCode(body: Record<string, unknown>) {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", { method: "POST", body: JSON.stringify(body) });
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

/** Ticks a box: the view's state is the address, so the box shows the tick once the URL has it. */
async function tick(box: Locator) {
  await box.click();
  await box.and(box.page().locator(":checked")).waitFor();
}

test("two ticked rows: a legend of their names and a line each; the link keeps them", async () => {
  const long = "一个名字非常非常长的渠道，用来检查图例在窄屏上会被截断并在悬停时显示全名";
  const subway = await createCode({ name: "地铁 A 口", channel: "地铁", kind: "permanent", sceneStr: "sbs_subway" });
  const mall = await createCode({ name: "商场海报", channel: long, kind: "permanent", sceneStr: "sbs_mall" });
  const park = await createCode({ name: "公园", channel: "公园", kind: "permanent", sceneStr: "sbs_park" });
  await testScan(subway, "o_a");
  await testScan(subway, "o_b");
  await testScan(mall, "o_c");
  await testScan(park, "o_d");

  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "zh");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/stats`, { waitUntil: "networkidle" });
  const side = page.getByTestId("side-by-side");
  await side.getByTestId("side-empty").waitFor();
  assert.match(await side.innerText(), /勾选明细表中的行/);

  const rows = page.getByTestId("breakdown-row");
  await rows.first().waitFor();
  await tick(rows.filter({ hasText: "地铁" }).getByTestId("pick-row"));
  assert.match(await side.innerText(), /再勾选至少一行/);
  await tick(rows.filter({ hasText: long }).getByTestId("pick-row"));

  const legend = page.getByTestId("side-legend");
  await legend.waitFor();
  assert.deepEqual(await legend.locator("li span[title]").allInnerTexts(), ["地铁", long]);
  assert.equal(await legend.locator("li span[title]").nth(1).getAttribute("title"), long, "the full name on hover");
  const chart = page.getByTestId("side-chart");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="side-chart"] g[data-line] polyline').length === 2);
  const strokes = await chart.locator("g[data-line] polyline").evaluateAll((lines) => lines.map((l) => l.getAttribute("stroke")));
  assert.equal(new Set(strokes).size, 2, "two colours");
  const bands = await chart.locator("rect > title").allTextContents();
  assert.equal(bands.length, 7);
  assert.match(bands[6], /: 地铁 2, 一个名字.* 1$/);
  // the chart fits its box on a 390 px screen
  const box = await chart.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
  await page.getByTestId("side-by-side").screenshot({ path: `${screenshotDir}/stats-side-by-side-390-zh.png` });

  // the link reproduces the picks
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("keys")?.split(",").length, 2);
  await page.reload({ waitUntil: "networkidle" });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="side-chart"] g[data-line]').length === 2);
  assert.equal(await page.getByTestId("pick-row").and(page.locator(":checked")).count(), 2);

  // another metric, and taking a row off from the legend
  await page.getByTestId("side-metric").selectOption("newFollows");
  assert.equal(new URL(page.url()).searchParams.get("metric"), "newFollows");
  await legend.getByRole("button", { name: "不再对比“地铁”" }).click();
  await side.getByTestId("side-empty").waitFor();
  await page.context().close();
});

test("the sixth row cannot be ticked; the English page", async () => {
  for (let i = 1; i <= 4; i++)
    await testScan(
      await createCode({ name: `海报 ${i}`, channel: `渠道 ${i}`, kind: "permanent", sceneStr: `sbs_${i}` }),
      `o_x${i}`,
    );
  const page = await signInAs(suite.browser, suite.app.baseUrl, "analyst", "en");
  await page.goto(`${suite.app.baseUrl}/stats`, { waitUntil: "networkidle" });
  const boxes = page.getByTestId("pick-row");
  await boxes.first().waitFor();
  assert.ok((await boxes.count()) >= 6);
  for (let i = 0; i < 5; i++) await tick(boxes.nth(i));
  assert.ok(await boxes.nth(5).isDisabled(), "the sixth is disabled");
  assert.match(await page.getByTestId("pick-hint").innerText(), /At most 5 rows side by side/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="side-chart"] g[data-line]').length === 5);
  await page.getByText("Side by side · By day").waitFor();
  await page.context().close();
});
