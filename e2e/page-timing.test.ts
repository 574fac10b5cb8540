import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { seedActiveCode } from "../test/helpers/seed";
import { signInAs } from "./session";
import { dashboardPages } from "./pages";
import { browserSuite } from "./suite";

// How soon each page's data is on screen after a navigation with a cold HTTP cache, on the
// production build: reported (test-results/page-timing.md), not asserted, as timings vary with the
// machine. What is asserted is that each page finished showing its data without a failed request.
const ids: number[] = [];

const suite = browserSuite({
  setup: async () => {
    const { prisma } = await import("@/lib/db/client");
    const account = await prisma.account.findFirstOrThrow({ orderBy: { id: "asc" } });
    for (let i = 1; i <= 20; i++)
      ids.push(
        await seedActiveCode({
          accountId: account.id,
          channel: `渠道 ${i % 4}`,
          campaign: i % 2 ? "双十一" : undefined,
          name: `海报 ${i}`,
          sceneStr: `timing_${i}`,
        }),
      );
  },
});

type Timing = {
  path: string;
  /** The first visit since the server started, which also loads the page's server code. */
  firstMs: number;
  dataMs: number;
  domContentLoadedMs: number;
  apiRequests: number;
  lastApiMs: number;
};

test("every page's data is on screen soon after navigation (measured and reported)", async () => {
  const page = await signInAs(suite.browser, suite.app.baseUrl, "admin", "zh");
  // The last change to the page's content, which is when its data was drawn once the network is quiet.
  await page.addInitScript(() => {
    const w = window as unknown as { __lastChange: number };
    w.__lastChange = 0;
    new MutationObserver(() => {
      w.__lastChange = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const failed: string[] = [];
  page.on("response", (res) => {
    if (res.status() >= 400 && new URL(res.url()).pathname.startsWith("/api/")) failed.push(`${res.status()} ${res.url()}`);
  });

  const visit = async (path: string) => {
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.waitForLoadState("networkidle");
    const measured = await page.evaluate(() => {
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const api = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) =>
        new URL(r.name).pathname.startsWith("/api/"),
      );
      const lastApi = Math.max(0, ...api.map((r) => r.responseEnd));
      const lastChange = (window as unknown as { __lastChange: number }).__lastChange;
      const spinning = document.querySelectorAll(".animate-spin, .animate-pulse").length;
      return {
        dataMs: Math.round(Math.max(lastApi, lastChange, navigation.domContentLoadedEventEnd)),
        domContentLoadedMs: Math.round(navigation.domContentLoadedEventEnd),
        apiRequests: api.length,
        lastApiMs: Math.round(lastApi),
        spinning,
      };
    });
    assert.equal(measured.spinning, 0, `${path} still shows a loading state once the network is quiet`);
    const { spinning: _, ...timing } = measured;
    return timing;
  };
  // Each page twice, the browser's cache off both times: first with the server fresh from its start,
  // then as every later visit finds it.
  const first = new Map<string, number>();
  for (const path of dashboardPages(ids)) first.set(path, (await visit(path)).dataMs);
  const timings: Timing[] = [];
  for (const path of dashboardPages(ids)) timings.push({ path, firstMs: first.get(path) ?? 0, ...(await visit(path)) });
  assert.deepEqual(failed, [], "no page's data request failed");

  const lines = [
    "# Data on screen after navigation (cold HTTP cache, production build, localhost)",
    "",
    "| page | data on screen (ms) | first visit after the server's start (ms) | DOMContentLoaded (ms) | API requests | last API answer (ms) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...timings.map(
      (t) =>
        `| \`${t.path.replace(/ids=[\d,]+/, "ids=<20 codes>")}\` | ${t.dataMs} | ${t.firstMs} | ${t.domContentLoadedMs} | ${t.apiRequests} | ${t.lastApiMs} |`,
    ),
    "",
    `Slowest: ${Math.max(...timings.map((t) => t.dataMs))} ms (first visits: ${Math.max(...timings.map((t) => t.firstMs))} ms). Measured ${new Date().toISOString()}.`,
  ];
  writeFileSync("test-results/page-timing.md", `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
  await page.context().close();
});
