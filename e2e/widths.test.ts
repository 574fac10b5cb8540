import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { seedActiveCode } from "../test/helpers/seed";
import { api } from "../test/helpers/wechat-peer";
import { signInAs, screenshotDir } from "./session";
import { dashboardPages } from "./pages";
import { browserSuite } from "./suite";

// Every page at a phone's, a small tablet's, a tablet's and a laptop's width, in both languages:
// nothing makes the page itself scroll sideways (a wide table scrolls within its own box, which is
// `relative` so that its screen-reader labels, absolutely positioned, stay inside it too).
const WIDTHS = [390, 768, 1024, 1280] as const;
/** The wide test's codes; the first has the longest Chinese name. */
const codeIds: number[] = [];

const suite = browserSuite({
  tokens: { operator: "o" },
  setup: async () => {
    const { prisma } = await import("@/lib/db/client");
    const account = await prisma.account.findFirstOrThrow({ orderBy: { id: "asc" } });
    const long = { channel: "地铁二号线人民广场站东侧出口灯箱广告位", campaign: "2026 双十一全城联动线下地推大促活动" };
    codeIds.push(
      await seedActiveCode({
        accountId: account.id,
        ...long,
        name: "人民广场站东侧出口灯箱广告A面（晚高峰）",
        sceneStr: "wide_1",
      }),
    );
    for (let i = 2; i <= 6; i++)
      codeIds.push(
        await seedActiveCode({
          accountId: account.id,
          ...long,
          name: `Long English code name number ${i} for the wide test`,
          sceneStr: `wide_${i}`,
        }),
      );
    // Scans, so the statistics show their table, long names and all.
    for (const [i, id] of codeIds.entries()) {
      const res = await api(suite.app.baseUrl, suite.tokens.operator, `/api/qrcodes/${id}/test-scan`, {
        method: "POST",
        body: JSON.stringify({ openid: `o_wide_${i}` }),
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  },
});

/** How far the page reaches past the viewport's right edge (0: no sideways scroll), and the widest culprit. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const excess = document.documentElement.scrollWidth - width;
    let culprit = "";
    if (excess > 0)
      for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        // inside a box that scrolls or clips sideways itself, and not positioned out of it
        let clipped = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
          if (getComputedStyle(a).overflowX !== "visible") clipped = true;
        if (["absolute", "fixed"].includes(getComputedStyle(el).position)) clipped = false;
        if (box.right > width + 1 && box.width > 0 && !clipped) {
          culprit = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${String(el.className).slice(0, 60)} "${(el.textContent ?? "").slice(0, 30)}"`;
          break;
        }
      }
    return { excess, culprit };
  });

/** Table cells and buttons squeezed so narrow that their text stands a character or two per line. */
const squeezed = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    for (const cell of document.querySelectorAll("th, td, button")) {
      const lines = new Set<number>();
      let chars = 0;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const rects = [...range.getClientRects()].filter((r) => r.width > 1);
        for (const r of rects) lines.add(Math.round(r.top));
        if (rects.length) chars += [...(node.textContent ?? "").trim()].length;
      }
      // a cell may wrap a long name onto a few lines; a button's label should not break at all
      const most = cell.tagName === "BUTTON" ? 2 : 3;
      if (chars >= 3 && lines.size >= most && chars / lines.size <= 2)
        found.push(`"${(cell.textContent ?? "").trim().slice(0, 20)}" (${lines.size} lines)`);
    }
    // a text field too narrow to show a few words of what is typed into it
    for (const field of document.querySelectorAll<HTMLElement>(
      "textarea, input[type=text], input[type=search], input:not([type])",
    )) {
      const width = field.getBoundingClientRect().width;
      if (width > 0 && width < 96)
        found.push(`a text field ${Math.round(width)}px wide (${field.getAttribute("placeholder") ?? field.id})`);
    }
    return found;
  });

/** A page's screenshot name: /codes/print?ids=… → codes-print, /codes/7 → code, /stats?groupBy=qrcode → stats-by-code. */
const shotName = (path: string) =>
  path === `/codes/${codeIds[0]}`
    ? "code"
    : path.includes("groupBy=qrcode")
      ? "stats-by-code"
      : path.split("?")[0].slice(1).replaceAll("/", "-");

for (const locale of ["zh", "en"] as const)
  test(`no page scrolls sideways at ${WIDTHS.join(", ")} px (${locale})`, async () => {
    const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", locale);
    const wide: string[] = [];
    for (const path of dashboardPages(codeIds)) {
      await page.setViewportSize({ width: WIDTHS[0], height: 860 });
      await page.goto(`${suite.app.baseUrl}${path}`);
      await page.waitForLoadState("networkidle");
      // The page laid out again at each width, as a turned tablet or a resized window does.
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 860 });
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const { excess, culprit } = await overflow(page);
        if (excess > 0) wide.push(`${path} at ${width}px: ${excess}px too wide (${culprit})`);
        for (const cell of await squeezed(page))
          wide.push(`${path} at ${width}px: squeezed to a character or two per line: ${cell}`);
        // Every page on a phone and a tablet; the list, a code and the statistics at every width.
        const shot = shotName(path);
        if (width === 390 || width === 1024 || ["codes", "code", "stats"].includes(shot))
          await page.screenshot({ path: `${screenshotDir}/width-${width}-${shot}-${locale}.png`, fullPage: true });
      }
    }
    assert.deepEqual(wide, []);

    // On a phone the links sit behind the menu button, and a navigation folds them away again.
    await page.setViewportSize({ width: 390, height: 860 });
    await page.goto(`${suite.app.baseUrl}/codes`);
    const nav = page.getByTestId("main-nav");
    assert.equal(await nav.isVisible(), false);
    await page.getByTestId("menu-button").click();
    await nav.getByRole("link", { name: locale === "zh" ? "统计" : "Statistics" }).click();
    await page.waitForURL(`${suite.app.baseUrl}/stats`);
    await nav.waitFor({ state: "hidden" });
    await page.context().close();
  });
