/**
 * SPEC §6 statistics numbers: an account with 10 million events (90 days, 50 channels, 2,000
 * codes, 1 million openids), generated in PostgreSQL, statistics rebuilt from them with the same
 * command an operator runs, then GET /api/stats, the series and retention timed through the running app.
 */
import { randomBytes } from "node:crypto";
import type { EmbeddedDatabase } from "@/lib/runtime/embedded-postgres";
import { log, percentile, scalar, sectionDatabase, startQudao, type Target } from "./harness";
import { launchBrowser } from "../e2e/browser";
import { loadOnce, median, signIn, type PageSpec } from "./pages";

const EVENTS = Number(process.env.BENCH_STATS_EVENTS ?? 10_000_000);
const OPENIDS = 1_000_000;
const CHANNELS = 50;
const CAMPAIGNS = 20;
const CODES = 2_000;
const DAYS = 90;
const CHUNK = 1_000_000;
const SAMPLES = Number(process.env.BENCH_STATS_SAMPLES ?? 12);

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The account, channels, campaigns and codes, then the events in chunks of INSERT … SELECT
 * generate_series — with the events' secondary indexes built once at the end, as a bulk load does.
 */
export async function generate(url: string, today: string) {
  const { upsertAccount } = await import("@/lib/db/accounts");
  await upsertAccount({ appId: "wxbenchstats", name: "Bench stats", appSecret: "s", token: "t", timeZone: "Asia/Shanghai" });
  await scalar(url, `INSERT INTO channels (account_id, name) SELECT 1, '渠道 ' || i FROM generate_series(1, ${CHANNELS}) i`);
  await scalar(url, `INSERT INTO campaigns (account_id, name) SELECT 1, '活动 ' || i FROM generate_series(1, ${CAMPAIGNS}) i`);
  // Every 5th code has no campaign.
  await scalar(
    url,
    `INSERT INTO qr_codes (account_id, channel_id, campaign_id, name, kind, scene_id, status, ticket, url)
     SELECT 1, 1 + i % ${CHANNELS}, CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + i % ${CAMPAIGNS} END, '码 ' || i, 'permanent', i, 'active', 't' || i, 'http://weixin.qq.com/q/' || i
       FROM generate_series(1, ${CODES}) i`,
  );
  const first = `('${today}'::date - ${DAYS})::timestamp AT TIME ZONE 'Asia/Shanghai'`;
  const indexes = (
    await scalar(
      url,
      `SELECT string_agg(indexdef, ';') FROM pg_indexes WHERE tablename = 'events' AND indexname <> 'events_pkey'`,
    )
  ).split(";");
  await scalar(url, `SELECT 1; ${indexes.map((def) => `DROP INDEX ${/INDEX (\S+) ON/.exec(def)![1]}`).join("; ")}`);
  for (let done = 0; done < EVENTS; done += CHUNK) {
    const n = Math.min(CHUNK, EVENTS - done);
    const started = Date.now();
    // Codes skewed (a few hot ones), openids uniform, 70 % scans, 20 % follows through a code, 10 % unfollows.
    await scalar(
      url,
      // session_replication_role = replica: no per-row foreign-key triggers; the generated keys are valid.
      `SET session_replication_role = replica;
       INSERT INTO events (account_id, qr_code_id, kind, openid, scene, occurred_at)
       SELECT 1, code, kind::"EventKind", 'o' || (random() * ${OPENIDS - 1})::int, code::text, ${first} + random() * interval '${DAYS} days'
         FROM (SELECT 1 + floor(${CODES} * power(random(), 2))::int AS code, random() AS r FROM generate_series(1, ${n})) g,
              LATERAL (SELECT CASE WHEN r < 0.7 THEN 'scan' WHEN r < 0.9 THEN 'scan_subscribe' ELSE 'unfollow' END AS kind) k`,
    );
    log(`stats: ${done + n} of ${EVENTS} events (${((Date.now() - started) / 1000).toFixed(1)} s for this million)`);
  }
  log("stats: building the events' indexes");
  await scalar(url, `SET maintenance_work_mem = '1GB'; ${indexes.join("; ")}; ANALYZE`);
}

async function timeRequests(target: Target, token: string, paths: string[]): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  for (const p of paths) {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${target.port}${p}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

/** The statistics section of bench/RESULTS.md. */
export async function statsBench({ db, admin }: { db: EmbeddedDatabase; admin: string }): Promise<string> {
  const { url, secrets } = await sectionDatabase(db, admin, "qudao_stats");
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const generated = Date.now();
  await generate(url, today);
  const generateSeconds = (Date.now() - generated) / 1000;
  const { rebuildStatistics } = await import("@/lib/db/stats-rebuild");
  log("stats: rebuilding the statistics from the events (npm run cli -- stats rebuild)");
  const rebuilt = Date.now();
  await rebuildStatistics(1);
  const rebuildSeconds = (Date.now() - rebuilt) / 1000;
  await scalar(url, "ANALYZE");
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const { token } = await createApiToken({ role: "analyst", name: "bench" });
  const { createUser } = await import("@/lib/db/users");
  const analyst = { email: "bench-analyst@example.com", password: randomBytes(12).toString("hex") };
  await createUser({ ...analyst, name: "Bench analyst", role: "analyst" });
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();

  const server = await startQudao(url, secrets);
  const end = new Date(`${today}T00:00:00Z`);
  const ranges = [1, 7, 30, 90];
  // Each sample a different range (so nothing answered earlier could be reused), ending on one of the last days.
  const window = (days: number, i: number) => {
    const to = new Date(end.getTime() - (1 + (i % 5)) * 86_400_000);
    const from = new Date(to.getTime() - (days - 1) * 86_400_000);
    return `from=${day(from)}&to=${day(to)}`;
  };
  const rows: string[] = [];
  for (const groupBy of ["channel", "campaign", "qrcode"] as const)
    for (const days of ranges) {
      const paths = Array.from({ length: SAMPLES }, (_, i) => `/api/stats?groupBy=${groupBy}&${window(days, i)}`);
      await timeRequests(server, token, paths.slice(0, 1)); // the server's first request of a kind loads code
      const t = await timeRequests(server, token, paths);
      rows.push(`| /api/stats groupBy=${groupBy} | ${days} | ${t.p50.toFixed(0)} | ${t.p95.toFixed(0)} | ${t.max.toFixed(0)} |`);
      log(`stats: ${groupBy} ${days} d: p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms`);
    }
  for (const [interval, days] of [
    ["day", 7],
    ["day", 30],
    ["day", 90],
    ["hour", 1],
    ["hour", 7],
  ] as const) {
    const paths = Array.from({ length: SAMPLES }, (_, i) => `/api/stats/series?interval=${interval}&${window(days, i)}`);
    const t = await timeRequests(server, token, paths);
    rows.push(
      `| /api/stats/series interval=${interval} | ${days} | ${t.p50.toFixed(0)} | ${t.p95.toFixed(0)} | ${t.max.toFixed(0)} |`,
    );
  }
  for (const groupBy of ["channel", "campaign", "qrcode"] as const)
    for (const days of ranges) {
      const paths = Array.from({ length: SAMPLES }, (_, i) => `/api/stats/retention?groupBy=${groupBy}&${window(days, i)}`);
      await timeRequests(server, token, paths.slice(0, 1));
      const t = await timeRequests(server, token, paths);
      rows.push(
        `| /api/stats/retention groupBy=${groupBy} | ${days} | ${t.p50.toFixed(0)} | ${t.p95.toFixed(0)} | ${t.max.toFixed(0)} |`,
      );
      log(`stats: retention ${groupBy} ${days} d: p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms`);
    }
  const drill = Array.from(
    { length: SAMPLES },
    (_, i) => `/api/stats?groupBy=qrcode&channel=${encodeURIComponent(`渠道 ${1 + (i % CHANNELS)}`)}&${window(30, i)}`,
  );
  const d = await timeRequests(server, token, drill);
  rows.push(
    `| /api/stats groupBy=qrcode&channel=… (drill-down) | 30 | ${d.p50.toFixed(0)} | ${d.p95.toFixed(0)} | ${d.max.toFixed(0)} |`,
  );

  // The answer checked against the event log itself, for one 30-day range.
  const range = window(30, 0);
  const res = await fetch(`http://127.0.0.1:${server.port}/api/stats?groupBy=channel&${range}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const api = (await res.json()) as { totals: { scans: number; uniqueScanners: number; newFollows: number; unfollows: number } };
  const [from, to] = [...range.matchAll(/=(\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]);
  const exact = await scalar(
    url,
    `SELECT concat_ws(' ', count(*) FILTER (WHERE kind IN ('scan', 'scan_subscribe')), count(DISTINCT openid) FILTER (WHERE kind IN ('scan', 'scan_subscribe')),
                      count(*) FILTER (WHERE kind = 'scan_subscribe'), count(*) FILTER (WHERE kind = 'unfollow'))
       FROM events WHERE account_id = 1 AND occurred_at >= '${from}'::timestamp AT TIME ZONE 'Asia/Shanghai'
        AND occurred_at < ('${to}'::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
  );
  const fromApi = [api.totals.scans, api.totals.uniqueScanners, api.totals.newFollows, api.totals.unfollows].join(" ");
  const kept = await fetch(`http://127.0.0.1:${server.port}/api/stats/retention?groupBy=channel&${range}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const retention = (await kept.json()) as {
    totals: { follows: number; ended: number; kept: { days: number; share: number | null }[] };
  };
  const shares = retention.totals.kept
    .map((k) => `${k.days} d ${k.share === null ? "—" : `${(k.share * 100).toFixed(1)} %`}`)
    .join(", ");
  const pageRows = await timeStatsPage(server, analyst, window);
  await server.stop();

  return [
    "## Statistics",
    "",
    `- data: ${EVENTS.toLocaleString("en")} events over ${DAYS} days (Asia/Shanghai), ${CHANNELS} channels, ${CAMPAIGNS} campaigns, ${CODES.toLocaleString("en")} codes (skewed: a few hot), ${OPENIDS.toLocaleString("en")} openids; 70 % scans, 20 % follows through a code, 10 % unfollows`,
    `- generated with INSERT … SELECT generate_series in ${generateSeconds.toFixed(0)} s; statistics rebuilt from the events (\`npm run cli -- stats rebuild\`) in ${rebuildSeconds.toFixed(0)} s`,
    `- ${SAMPLES} requests per row through HTTP with an analyst token, each a different range (no answer reused); unique scanners exact`,
    `- check, 30 days by channel, totals scans / unique scanners / new follows / unfollows: API ${fromApi}; counted from the events ${exact} — ${fromApi === exact ? "equal" : "DIFFERENT"}`,
    `- retention, same range: ${retention.totals.follows} follows (new follows ${api.totals.newFollows} — ${retention.totals.follows === api.totals.newFollows ? "equal" : "DIFFERENT"}), ${retention.totals.ended} ended so far; still following after ${shares}`,
    "",
    "| request | days | p50 (ms) | p95 (ms) | max (ms) |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "SPEC §6: p50 < 100 ms, p95 < 250 ms for 1–90 days by channel, campaign and code (retention included: issue 11).",
    "",
    `The dashboard's /stats page on this data, in Chromium signed in as an analyst (as in the dashboard pages section below; ${PAGE_LOADS} loads each, the first the server's first page request):`,
    "",
    "| view | data on screen, first load (ms) | median (ms) | < 1 s first / median |",
    "| --- | ---: | ---: | --- |",
    ...pageRows,
    "",
  ].join("\n");
}

const PAGE_LOADS = 3;

/** First loads of /stats views on the 10 M-event account: the default week by channel, and 90 days by code. */
async function timeStatsPage(
  server: Target,
  user: { email: string; password: string },
  window: (days: number, i: number) => string,
): Promise<string[]> {
  const base = `http://127.0.0.1:${server.port}`;
  const browser = await launchBrowser();
  try {
    const context = await signIn(browser, base, user.email, user.password);
    const waits = [
      { css: '[data-testid="total-scans"]' },
      { css: '[data-testid="series-chart"] svg' },
      { css: '[data-testid="breakdown-row"]' },
    ];
    const views: PageSpec[] = [
      { name: "/stats (last 7 days by channel, the default)", path: "/stats", waits },
      { name: "/stats 30 days by campaign", path: `/stats?groupBy=campaign&${window(30, 0)}`, waits },
      { name: "/stats 90 days by code (2,000 rows)", path: `/stats?groupBy=qrcode&${window(90, 0)}`, waits },
    ];
    const rows: string[] = [];
    for (const view of views) {
      const loads: number[] = [];
      for (let i = 0; i < PAGE_LOADS; i++) loads.push((await loadOnce(context, base, view)).data);
      const ok = (x: number) => (x < 1000 ? "yes" : "**no**");
      log(`stats: page ${view.name}: data on screen ${loads.map((x) => x.toFixed(0)).join(" / ")} ms`);
      rows.push(
        `| ${view.name} | ${loads[0].toFixed(0)} | ${median(loads).toFixed(0)} | ${ok(loads[0])} / ${ok(median(loads))} |`,
      );
    }
    return rows;
  } finally {
    await browser.close();
  }
}
