import { test } from "node:test";
import assert from "node:assert/strict";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";

// The life of a code as a marketer lives it (issue 9, point 3): edit, schedule, archive, duplicate, bulk move.

const suite = browserSuite({ tokens: { marketer: "e2e marketer" } });

async function create(name: string, channel: string) {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name, channel, kind: "temporary", expireSeconds: 86400 }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number };
}

test("marketer: edits and schedules a code, archives it out of the list, duplicates it, and moves two codes to a campaign", async () => {
  const poster = await create("地铁海报", "地铁");
  const flyer = await create("传单", "门店");
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "zh");

  await page.goto(`${suite.app.baseUrl}/codes/${poster.id}`, { waitUntil: "networkidle" });
  await page.getByTestId("edit-code").click();
  await page.locator("#edit-name").fill("地铁海报 A 口");
  await page.locator("#edit-campaign").fill("春季");
  await page.locator("#edit-note").fill("贴在 A 口闸机旁");
  await page.locator("#edit-valid-from").fill("2026-01-01T09:00");
  await page.locator("#edit-valid-to").fill("2025-12-31T09:00");
  assert.equal(await page.locator("#edit-valid-to-error").innerText(), "结束时间须晚于开始时间");
  assert.equal(await page.getByTestId("edit-save").isDisabled(), true);
  await page.locator("#edit-valid-to").fill("2026-02-01T09:00");
  await page.getByTestId("edit-save").click();
  await page.getByTestId("edit-saved").waitFor();
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "地铁海报 A 口");
  assert.equal(await page.getByTestId("detail-note").innerText(), "贴在 A 口闸机旁");
  assert.equal(await page.getByTestId("life-state").getAttribute("data-state"), "ended", "the window is over");
  await page.screenshot({ path: `${screenshotDir}/code-life-edited-zh.png`, fullPage: true });

  await page.getByTestId("archive-code").click();
  await page.getByTestId("archived-banner").waitFor();
  assert.equal(await page.getByTestId("archive-code").innerText(), "取消归档");

  await page.goto(`${suite.app.baseUrl}/codes`, { waitUntil: "networkidle" });
  const row = (id: number) => page.locator(`[data-testid="code-row"][data-code-id="${id}"]`);
  await row(flyer.id).waitFor();
  assert.equal(await row(poster.id).count(), 0, "an archived code leaves the list");
  await page.getByTestId("show-archived").check();
  await row(poster.id).waitFor();
  assert.equal(await row(poster.id).getByTestId("life-state").innerText(), "已归档");
  await page.getByTestId("show-archived").uncheck();
  await row(poster.id).waitFor({ state: "detached" });

  await page.goto(`${suite.app.baseUrl}/codes/${flyer.id}`, { waitUntil: "networkidle" });
  await page.getByTestId("duplicate-code").click();
  await page.getByTestId("created-banner").waitFor();
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "传单 (2)");
  const copyId = Number(new URL(page.url()).pathname.split("/").at(-1));
  assert.ok(copyId > flyer.id);

  await page.goto(`${suite.app.baseUrl}/codes`, { waitUntil: "networkidle" });
  await row(copyId).waitFor();
  for (const id of [flyer.id, copyId]) await row(id).locator('input[type="checkbox"]').check();
  await page.getByTestId("bulk-move").click();
  await page.getByTestId("bulk-campaign").fill("春季");
  await page.getByTestId("bulk-move-apply").click();
  await page.getByTestId("bulk-life").waitFor({ state: "detached" });
  for (const id of [flyer.id, copyId]) await row(id).getByText("春季").waitFor();
  await page.screenshot({ path: `${screenshotDir}/code-life-list-zh.png`, fullPage: true });
});

test("English at phone width: the manage card explains archiving and the permanent-code caveat", async () => {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({ name: "Shop door", channel: "Shop", kind: "permanent", sceneStr: "life-e2e-door" }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const page = await signInAs(suite.browser, suite.app.baseUrl, "marketer", "en");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/codes/${res.body.id}`, { waitUntil: "networkidle" });
  await page.getByText("WeChat cannot delete a permanent code").waitFor();
  assert.equal(await page.getByTestId("archive-code").innerText(), "Archive");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
  await page.screenshot({ path: `${screenshotDir}/code-life-en-phone.png`, fullPage: true });
});
