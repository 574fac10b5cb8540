import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { signInAs, screenshotDir } from "./session";
import { browserSuite } from "./suite";
import { api } from "../test/helpers/wechat-peer";

// The audit log in the browser: an admin edits a reply and finds the change, who made it and from
// where, before → after; filters narrow the list; the page reads at phone width in both languages.

let lantern: { id: number };
const suite = browserSuite({ tokens: { marketer: "e2e marketer" }, setup: createCode });

async function createCode() {
  const res = await api(suite.app.baseUrl, suite.tokens.marketer, "/api/qrcodes", {
    method: "POST",
    body: JSON.stringify({
      name: "灯谜审计",
      channel: "地铁",
      kind: "permanent",
      sceneStr: "audit_riddle",
      reply: { type: "text", content: "谜底：灯笼" },
    }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  lantern = res.body;
}

const entries = (page: Page) => page.getByTestId("audit-entry");

test("admin edits a reply and sees the entry: who, from where, before → after", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "zh");
  const adminName = (await page.getByTestId("viewer").innerText()).split(" · ")[0];
  await page.goto(`${suite.app.baseUrl}/replies`);
  const cell = page.getByTestId(`inline-reply-${lantern.id}`);
  await cell.waitFor();
  // Markup in a reply is text, in the reply and in the log alike.
  await cell.fill("谜底：<b>汤圆</b><img src=x onerror=window.__hit=1>");
  await cell.press("Enter");
  await page.getByTestId(`inline-saved-${lantern.id}`).waitFor();

  await page.getByRole("link", { name: "操作日志" }).click();
  await page.waitForURL(`${suite.app.baseUrl}/audit`);
  const entry = entries(page)
    .filter({ has: page.locator('[data-field="reply"]') })
    .first();
  await entry.waitFor();
  assert.equal(await entry.getAttribute("data-action"), "reply.update");
  const text = await entry.innerText();
  assert.match(text, /修改回复/);
  assert.match(text, /二维码 灯谜审计/);
  assert.match(text, new RegExp(`#${lantern.id}`));
  assert.match(text, /来自 127\.0\.0\.1/);
  assert.equal(await entry.getByTestId("audit-actor").innerText(), adminName);
  assert.equal(await entry.getByTestId("audit-before").innerText(), "谜底：灯笼");
  assert.equal(await entry.getByTestId("audit-after").innerText(), "谜底：<b>汤圆</b><img src=x onerror=window.__hit=1>");
  assert.equal(await page.evaluate(() => (window as { __hit?: number }).__hit), undefined);

  // The code's creation (by the marketer's token) is listed below the edit.
  const created = entries(page).filter({ has: page.locator('[data-field="sceneStr"]') });
  assert.match(await created.first().innerText(), /创建二维码[\s\S]*e2e marketer/);

  // Filters: one action, then a thing with no entries (the filtered empty state), then cleared.
  await page.locator("#audit-action").selectOption("reply.update");
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('[data-testid="audit-entry"]')];
    return shown.length > 0 && shown.every((e) => e.getAttribute("data-action") === "reply.update");
  });
  assert.ok((await entries(page).count()) >= 1);
  await page.locator("#audit-target-type").selectOption("token");
  await page.getByTestId("empty-state").filter({ hasText: "没有符合筛选条件的记录" }).waitFor();
  await page.getByTestId("audit-clear").click();
  await entries(page).filter({ hasText: "创建二维码" }).first().waitFor();
  await page.screenshot({ path: `${screenshotDir}/audit-zh.png`, fullPage: true });
});

test("at phone width, in English, the log fits the screen; other roles are turned away", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "en");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${suite.app.baseUrl}/audit`);
  await entries(page).first().waitFor();
  assert.match(await page.locator("h1").innerText(), /Audit log/);
  assert.match(await entries(page).first().innerText(), /Changed a reply|Created a QR code|Added a user/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: `${screenshotDir}/audit-en-phone.png`, fullPage: true });

  const operator = await signInAs(suite.browser, suite.app.baseUrl, "operator", "en");
  assert.equal(await operator.getByRole("link", { name: "Audit log" }).count(), 0);
  await operator.goto(`${suite.app.baseUrl}/audit`);
  await operator.waitForURL(`${suite.app.baseUrl}/forbidden`);
});
