/**
 * SPEC §6 dashboard numbers: the first load of every dashboard page, data included, in Debian's
 * Chromium (playwright-core) against the production server, signed in through the real form as an
 * admin. The database first gets realistic content: 1,000 codes created through the API (sandbox
 * account), 1 million events over 90 days with their statistics rebuilt, a dozen users and tokens.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { EmbeddedDatabase } from "@/lib/runtime/embedded-postgres";
import { launchBrowser } from "../e2e/browser";
import { cleanups, log, scalar, sectionDatabase, startQudao } from "./harness";
import { createCodes, insertEvents } from "./bulk";

const CODES = Number(process.env.BENCH_PAGES_CODES ?? 1000);
const EVENTS = Number(process.env.BENCH_PAGES_EVENTS ?? 1_000_000);
const LOADS = Number(process.env.BENCH_PAGES_LOADS ?? 3);
const DAYS = 90;
const LIST_PAGE = 20; // codes per page of /codes (components/codes/codes-list.tsx)
const TIMEOUT = 120_000;
const TARGET_MS = 1000;

/** A CSS selector that only matches once the page shows its data; `attached` for elements never rendered (datalist options). */
type Wait = { css: string; attached?: boolean };
export type PageSpec = { name: string; path: string; waits: Wait[]; extra?: { label: string; wait: Wait } };

/**
 * Installed before the page's own scripts: records performance.now() (ms since navigation start)
 * when each selector first matches a rendered element, and lets resource timing keep every request.
 */
const WATCH = `(specs) => {
  performance.setResourceTimingBufferSize(10000);
  const marks = (window.__benchMarks = {});
  const seen = (s) => {
    const el = document.querySelector(s.css);
    return el !== null && (s.attached || el.getClientRects().length > 0);
  };
  const check = () => {
    for (const s of specs) if (!(s.css in marks) && seen(s)) marks[s.css] = performance.now();
    if (specs.every((s) => s.css in marks)) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}`;

const TIMINGS = `JSON.stringify({
  marks: window.__benchMarks,
  nav: performance.getEntriesByType("navigation")[0].toJSON(),
  resources: performance.getEntriesByType("resource").map((r) => ({ name: r.name, type: r.initiatorType, start: r.startTime, end: r.responseEnd })),
})`;

/**
 * Polls `expression` from here (the marks themselves are taken in the page). Not waitForFunction:
 * Playwright re-evaluates its predicate as a string inside the page, which the app's CSP forbids.
 */
async function untilTrue(page: Page, expression: string): Promise<void> {
  const until = Date.now() + TIMEOUT;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > until) throw new Error(`not true within ${TIMEOUT} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Load = { data: number; extra?: number; ttfb: number; dcl: number; quiet: number; requests: number; api: number };

export async function loadOnce(context: BrowserContext, base: string, spec: PageSpec): Promise<Load> {
  const waits = [...spec.waits, ...(spec.extra ? [spec.extra.wait] : [])];
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: `(${WATCH})(${JSON.stringify(waits)})` });
    await page.goto(base + spec.path, { waitUntil: "domcontentloaded", timeout: TIMEOUT });
    const keys = JSON.stringify(waits.map((w) => w.css));
    await untilTrue(page, `${keys}.every((k) => window.__benchMarks && k in window.__benchMarks)`).catch(async (error: Error) => {
      const missing = await page
        .evaluate(`${keys}.filter((k) => !(window.__benchMarks && k in window.__benchMarks))`)
        .catch(() => "?");
      const text = await page
        .locator("main")
        .innerText()
        .catch(() => "?");
      const shot = path.join(os.tmpdir(), `qudao-bench-page-${spec.name.replace(/\W+/g, "_")}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      throw new Error(
        `${spec.name}: never showed ${JSON.stringify(missing)} (at ${page.url()}; screenshot ${shot}; page text: ${text.slice(0, 500)}): ${error.message}`,
      );
    });
    await page.waitForLoadState("networkidle", { timeout: TIMEOUT });
    if (new URL(page.url()).pathname !== new URL(base + spec.path).pathname)
      throw new Error(`${spec.name}: ended on ${page.url()}`);
    const t = JSON.parse((await page.evaluate(TIMINGS)) as string) as {
      marks: Record<string, number>;
      nav: { responseStart: number; domContentLoadedEventEnd: number; loadEventEnd: number };
      resources: { name: string; type: string; start: number; end: number }[];
    };
    // BENCH_PAGES_TRACE=1: each load's marks and requests (start → end, ms since navigation start) on stderr.
    if (process.env.BENCH_PAGES_TRACE)
      log(
        `pages: trace ${spec.path.slice(0, 60)}: first byte ${t.nav.responseStart.toFixed(0)}, DOMContentLoaded ${t.nav.domContentLoadedEventEnd.toFixed(0)}, load ${t.nav.loadEventEnd.toFixed(0)}; ` +
          Object.entries(t.marks)
            .map(([css, at]) => `${css} ${at.toFixed(0)}`)
            .join(", ") +
          t.resources
            .map((r) => `\n    ${r.type} ${new URL(r.name).pathname.slice(0, 60)} ${r.start.toFixed(0)} → ${r.end.toFixed(0)}`)
            .join(""),
      );
    return {
      data: Math.max(...spec.waits.map((w) => t.marks[w.css])),
      extra: spec.extra && t.marks[spec.extra.wait.css],
      ttfb: t.nav.responseStart,
      dcl: t.nav.domContentLoadedEventEnd,
      quiet: Math.max(t.nav.loadEventEnd, ...t.resources.map((r) => r.end)),
      requests: t.resources.length + 1,
      api: t.resources.filter(
        (r) => (r.type === "fetch" || r.type === "xmlhttprequest") && new URL(r.name).pathname.startsWith("/api/"),
      ).length,
    };
  } finally {
    await page.close();
  }
}

/** Signs in through the real form (as e2e/session.ts does); the redirect to /codes is held back so that /codes is first loaded below. */
export async function signIn(browser: Browser, base: string, email: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.route(
    (u) => u.pathname === "/codes",
    (route) => route.abort(),
  );
  await page.goto(`${base}/signin`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator('button[type="submit"]').click();
  const deadline = Date.now() + 30_000;
  while (!(await context.cookies()).some((c) => c.name.includes("session-token"))) {
    if (Date.now() > deadline) throw new Error("signing in gave no session cookie");
    await new Promise((r) => setTimeout(r, 50));
  }
  // The tab stays open, blank, as a user's browser would be: with no tab left, Chromium starts a
  // new renderer process for every page (about 0.4 s more per load here).
  await page.unrouteAll();
  await page.goto("about:blank");
  return context;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "—" : x.toFixed(0));

/** The dashboard pages section of bench/RESULTS.md. */
export async function pagesBench({ db, admin }: { db: EmbeddedDatabase; admin: string; pgPid: number }): Promise<string> {
  const { url, secrets } = await sectionDatabase(db, admin, "qudao_pages");
  const { disconnect } = await import("@/lib/db/client");
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const { createUser } = await import("@/lib/db/users");
  const { rebuildStatistics } = await import("@/lib/db/stats-rebuild");

  // The content: codes through the API (real sandbox tickets), on a server that is then stopped.
  const seeding = await startQudao(url, secrets);
  const marketer = (await createApiToken({ role: "marketer", name: "bench seeding" })).token;
  log(`pages: creating ${CODES} codes through the API`);
  const created = await createCodes(seeding, marketer, CODES, 4);
  if (created.failed) throw new Error(`pages: ${created.failed} codes failed: ${created.firstError}`);
  await seeding.stop();
  const accountId = Number(await scalar(url, "SELECT id FROM accounts WHERE sandbox ORDER BY id LIMIT 1"));
  log(`pages: inserting ${EVENTS.toLocaleString("en")} events over ${DAYS} days`);
  let started = Date.now();
  await insertEvents(url, accountId, EVENTS, DAYS);
  const insertSeconds = (Date.now() - started) / 1000;
  log("pages: rebuilding the statistics");
  started = Date.now();
  await rebuildStatistics(accountId);
  const rebuildSeconds = (Date.now() - started) / 1000;
  await scalar(url, "ANALYZE");
  const email = "bench-admin@example.com";
  const password = randomBytes(12).toString("hex");
  await createUser({ email, name: "Bench admin", role: "admin", password });
  const roles = ["marketer", "operator", "analyst"] as const;
  for (let i = 1; i <= 10; i++)
    await createUser({
      email: `user${i}@example.com`,
      name: `用户 ${i}`,
      role: roles[i % 3],
      password: randomBytes(12).toString("hex"),
    });
  for (let i = 1; i <= 5; i++) await createApiToken({ role: roles[i % 3], name: `script ${i}` });
  await disconnect();

  const server = await startQudao(url, secrets);
  const base = `http://127.0.0.1:${server.port}`;
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const context = await signIn(browser, base, email, password);

  const ids = created.ids;
  const listPage = ids.slice(-LIST_PAGE); // the newest codes: the first page of /codes, as a selection to print
  const printed = {
    label: "all codes drawn (print button enabled)",
    wait: { css: '[data-testid="print-button"]:not([disabled])' },
  };
  const specs: PageSpec[] = [
    {
      name: "/codes",
      path: "/codes",
      waits: [{ css: '[data-testid="code-row"]' }, { css: '[data-testid="codes-total"]' }, { css: '[role="meter"]' }],
    },
    {
      name: "/codes/new",
      path: "/codes/new",
      waits: [
        { css: '[data-testid="create-form"]' },
        { css: "#channel-options option", attached: true },
        { css: "#campaign-options option", attached: true },
      ],
    },
    {
      name: "/codes/batch",
      path: "/codes/batch",
      waits: [{ css: '[data-testid="batch-form"]' }, { css: "#campaign-options option", attached: true }],
    },
    {
      name: "/codes/{id}",
      path: `/codes/${ids[0]}`,
      waits: [{ css: '[data-testid="detail-url"] code' }, { css: '[data-testid="qr-preview"]' }],
    },
    {
      name: `/codes/print (${listPage.length} codes)`,
      path: `/codes/print?ids=${listPage.join(",")}`,
      waits: [{ css: `[data-testid="print-cell"]:nth-child(${listPage.length})` }],
      extra: printed,
    },
    {
      name: `/codes/print (${ids.length} codes)`,
      path: `/codes/print?ids=${ids.join(",")}`,
      waits: [{ css: `[data-testid="print-cell"]:nth-child(${ids.length})` }],
      extra: printed,
    },
    {
      name: "/replies",
      path: "/replies",
      waits: [{ css: '[data-testid="account-tab-follow"]' }, { css: '[data-testid^="reply-row-"]' }],
    },
    {
      name: "/stats",
      path: "/stats",
      waits: [
        { css: '[data-testid="total-scans"]' },
        { css: '[data-testid="series-chart"] svg' },
        { css: '[data-testid="breakdown-row"]' },
      ],
    },
    { name: "/accounts", path: "/accounts", waits: [{ css: '[data-testid="account-row"]' }] },
    { name: "/users", path: "/users", waits: [{ css: '[data-testid="user-row"]' }] },
    { name: "/tokens", path: "/tokens", waits: [{ css: '[data-testid="token-row"]' }] },
  ];

  const rows: string[] = [];
  let worstFirst = 0;
  let worstMedian = 0;
  // BENCH_PAGES_ONLY=/stats,/codes/new (names' starts) loads only those pages, for quick checks.
  const only = process.env.BENCH_PAGES_ONLY?.split(",");
  for (const spec of specs.filter((s) => !only || only.some((o) => s.name.startsWith(o)))) {
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await loadOnce(context, base, spec));
    const [first] = loads;
    const m = (f: (l: Load) => number | undefined) => median(loads.map((l) => f(l) ?? NaN));
    const data = m((l) => l.data);
    worstFirst = Math.max(worstFirst, first.data);
    worstMedian = Math.max(worstMedian, data);
    log(
      `pages: ${spec.name}: data on screen ${loads.map((l) => l.data.toFixed(0)).join(" / ")} ms${spec.extra ? `; ${spec.extra.label} ${loads.map((l) => ms(l.extra)).join(" / ")} ms` : ""}`,
    );
    const waitsFor =
      spec.waits.map((w) => `\`${w.css}\``).join(", ") +
      (spec.extra ? `; ${spec.extra.label}: first ${ms(first.extra)} ms, median ${ms(m((l) => l.extra))} ms` : "");
    const ok = (x: number) => (x < TARGET_MS ? "yes" : "**no**");
    rows.push(
      `| ${spec.name} | ${ms(first.data)} | ${ms(data)} | ${ms(m((l) => l.ttfb))} / ${ms(m((l) => l.dcl))} | ${ms(first.quiet)} / ${ms(m((l) => l.quiet))} | ${first.requests} (${first.api} API) | ${ok(first.data)} / ${ok(data)} | ${waitsFor} |`,
    );
  }
  const version = browser.version();
  await context.close();
  await browser.close();
  await server.stop();

  return [
    "## Dashboard pages",
    "",
    `- data: ${ids.length.toLocaleString("en")} codes created through POST /api/qrcodes (sandbox account, 50 channels, 4 campaigns, every 3rd with a reply); ${EVENTS.toLocaleString("en")} events over ${DAYS} days inserted in ${insertSeconds.toFixed(0)} s, statistics rebuilt in ${rebuildSeconds.toFixed(0)} s; 12 users, 7 API tokens`,
    `- Chromium ${version} (Debian, headless, playwright-core), 1280×860, zh-CN; signed in as an admin through the sign-in form; the production server started afresh just before, so each page's first load is also the server's first request for that route`,
    `- each page loaded ${LOADS} times, each in a new tab of the signed-in context, next to the sign-in tab left open on about:blank (browser cache kept, as for a user coming back); "data on screen" is the time from navigation start (Navigation Timing) until the last of the page's data elements was in the rendered DOM (MutationObserver in the page), after which the bench also waits for network idle`,
    "- first byte / DOMContentLoaded and network quiet (the last request's responseEnd, prefetches included) come from Navigation and Resource Timing",
    "",
    `| page | first load: data on screen (ms) | median of ${LOADS} (ms) | median first byte / DOMContentLoaded (ms) | network quiet, first / median (ms) | requests, first load | < 1 s first / median | waits for |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...rows,
    "",
    `SPEC §6: first load of any page, data included, < 1 s on localhost (production build). Measured: slowest first load ${worstFirst.toFixed(0)} ms, slowest median ${worstMedian.toFixed(0)} ms.`,
    "",
  ].join("\n");
}
