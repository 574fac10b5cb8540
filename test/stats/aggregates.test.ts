import { readFileSync } from "node:fs";
import { seedActiveCode } from "../helpers/seed";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, query } from "../helpers/database";
import type { EventRecord } from "@/lib/db/events";
import type { StatsGroup } from "@/lib/stats/groups";
import type { StatsFilter } from "@/lib/validation/stats";

// The statistics folded from the recorded events must be exactly what counting the event log
// gives, for every grouping, drill-down filter and range — with batches recorded concurrently,
// folds running beside them, events arriving out of order across local midnight, retries,
// unfollows and test events — and a rebuild from the log must give the very same rows.

let url = "";
let accountId = 0;
const codes: { id: number; channel: string; campaign: string | null }[] = [];
const CHANNELS = ["地铁", "商场", "公众号文章"];
const CAMPAIGNS = ["元宵", "双十一", null];

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const shanghaiTime = (local: string) => Date.parse(`${local}+08:00`) / 1000;

before(async () => {
  url = await freshDatabase();
  process.env.DATABASE_URL = url;
  process.env.ENCRYPTION_KEY ??= "test-encryption-key";
  const { upsertAccount } = await import("@/lib/db/accounts");
  accountId = (await upsertAccount({ appId: "wx_aggregates", name: "aggregates", appSecret: "s", token: "t" })).id;
  for (let i = 0; i < 8; i++) {
    const channel = CHANNELS[i % 3];
    const campaign = CAMPAIGNS[i % 3 === 0 ? 2 : i % 2];
    const id = await seedActiveCode({ accountId, channel, campaign, name: `code ${i}`, sceneId: i + 1 });
    codes.push({ id, channel, campaign });
  }
});

after(async () => {
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

/** Random traffic over 2026-03-01 … 2026-03-12 (Shanghai), every time a few seconds from local midnight now and then. */
function traffic(rand: () => number, n: number): EventRecord[] {
  const events: EventRecord[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor(rand() * 12);
    const nearMidnight = rand() < 0.2;
    const time = nearMidnight
      ? rand() < 0.5
        ? `23:59:5${Math.floor(rand() * 10)}`
        : `00:00:0${Math.floor(rand() * 10)}`
      : `${String(Math.floor(rand() * 24)).padStart(2, "0")}:${String(Math.floor(rand() * 60)).padStart(2, "0")}:00`;
    const code = codes[Math.floor(rand() * codes.length)];
    const r = rand();
    const kind = r < 0.45 ? "scan" : r < 0.75 ? "scan_subscribe" : r < 0.9 ? "unfollow" : "follow";
    events.push({
      accountId,
      dedupKey: `k${i}`,
      replyXml: "success",
      kind,
      openid: `o${Math.floor(rand() * 25)}`,
      scene: kind === "scan" || kind === "scan_subscribe" ? String(codes.indexOf(code) + 1) : null,
      qrCodeId: kind === "scan" || kind === "scan_subscribe" ? code.id : null,
      occurredAt: shanghaiTime(`2026-03-${String(day).padStart(2, "0")}T${time}`),
      test: rand() < 0.05,
    });
  }
  return events;
}

/**
 * Records events in shuffled batches (at most one per follower each), two batches at a time, with
 * folds running now and then beside them (so folds see days out of order and half-folded followers).
 */
async function record(events: EventRecord[], rand: () => number) {
  const { recordEvents } = await import("@/lib/db/events");
  const { foldPending } = await import("@/lib/db/stats-fold");
  const pending = [...events].sort(() => rand() - 0.5);
  const batches: EventRecord[][] = [];
  while (pending.length) {
    const size = 1 + Math.floor(rand() * 8);
    const batch: EventRecord[] = [];
    for (let i = 0; i < pending.length && batch.length < size; ) {
      if (batch.some((e) => e.openid === pending[i].openid)) i++;
      else batch.push(...pending.splice(i, 1));
    }
    batches.push(batch);
  }
  const [{ version }] = await query<{ version: string }>(url, "SELECT version::text FROM config_version");
  for (let i = 0; i < batches.length; i += 2)
    await Promise.all([...batches.slice(i, i + 2).map((b) => recordEvents(b, version)), rand() < 0.3 ? foldPending() : null]);
}

/** SPEC §4 counted straight from the event log: the oracle. */
async function exact(groupBy: StatsGroup, filter: StatsFilter, from: string, to: string) {
  const group = { channel: "ch.id::text", campaign: "COALESCE(cp.id::text, '')", qrcode: "q.id::text" }[groupBy];
  const rows = await query<{
    key: string | null;
    scans: string;
    unique_scanners: string;
    new_follows: string;
    new_followers: string;
    unfollows: string;
    unfollowers: string;
  }>(
    url,
    `SELECT ${group} AS key,
            count(*) FILTER (WHERE e.kind IN ('scan', 'scan_subscribe')) AS scans,
            count(DISTINCT e.openid) FILTER (WHERE e.kind IN ('scan', 'scan_subscribe')) AS unique_scanners,
            count(*) FILTER (WHERE e.kind = 'scan_subscribe') AS new_follows,
            count(DISTINCT e.openid) FILTER (WHERE e.kind = 'scan_subscribe') AS new_followers,
            count(*) FILTER (WHERE e.kind = 'unfollow') AS unfollows,
            count(DISTINCT e.openid) FILTER (WHERE e.kind = 'unfollow') AS unfollowers
       FROM events e JOIN qr_codes q ON q.id = e.qr_code_id JOIN channels ch ON ch.id = q.channel_id LEFT JOIN campaigns cp ON cp.id = q.campaign_id
      WHERE e.account_id = $1 AND NOT e.test
        AND e.occurred_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND e.occurred_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
        AND ($4::text IS NULL OR ch.name = $4) AND ($5::text IS NULL OR cp.name = $5) AND ($6::int IS NULL OR q.id = $6)
      GROUP BY GROUPING SETS ((${group}), ())`,
    [accountId, from, to, filter.channel ?? null, filter.campaign ?? null, filter.qrCodeId ?? null],
  );
  const counts = (r: (typeof rows)[number]) => {
    const [scans, uniqueScanners, newFollows, newFollowers, unfollows, unfollowers] = [
      r.scans,
      r.unique_scanners,
      r.new_follows,
      r.new_followers,
      r.unfollows,
      r.unfollowers,
    ].map(Number);
    return { scans, uniqueScanners, newFollows, newFollowers, unfollows, unfollowers, netFollows: newFollows - unfollows };
  };
  const zero = { scans: 0, uniqueScanners: 0, newFollows: 0, newFollowers: 0, unfollows: 0, unfollowers: 0, netFollows: 0 };
  const totals = rows.find((r) => r.key === null);
  return {
    rows: Object.fromEntries(rows.filter((r) => r.key !== null).map((r) => [r.key, counts(r)])),
    totals: totals ? counts(totals) : zero,
  };
}

async function kept(groupBy: StatsGroup, filter: StatsFilter, from: string, to: string) {
  const { getStats } = await import("@/lib/db/stats");
  const stats = await getStats({ accountId, from, to, groupBy, filter });
  return { rows: Object.fromEntries(stats.rows.map(({ key, label: _label, ...counts }) => [key, counts])), totals: stats.totals };
}

const RANGES = [
  ["2026-03-01", "2026-03-12"],
  ["2026-03-03", "2026-03-03"],
  ["2026-03-02", "2026-03-09"],
  ["2026-03-05", "2026-03-11"],
  ["2026-02-20", "2026-03-04"],
  ["2026-02-23", "2026-03-15"], // three whole weeks, Monday to Sunday
] as const;

function filters(): StatsFilter[] {
  return [
    {},
    { channel: "地铁" },
    { campaign: "元宵" },
    { channel: "商场", campaign: "双十一" },
    { qrCodeId: codes[3].id },
    { channel: codes[4].channel, qrCodeId: codes[4].id },
    { channel: "地铁", qrCodeId: codes[1].id }, // a code outside the channel: nothing
    { channel: "没有这个渠道" },
  ];
}

async function assertExact(label: string) {
  for (const [from, to] of RANGES)
    for (const filter of filters())
      for (const groupBy of ["channel", "campaign", "qrcode"] as const) {
        const what = `${label}: ${groupBy} ${JSON.stringify(filter)} ${from}…${to}`;
        assert.deepEqual(await kept(groupBy, filter, from, to), await exact(groupBy, filter, from, to), what);
      }
}

async function seriesMatch(interval: "day" | "hour", filter: StatsFilter, from: string, to: string) {
  const { getStatsSeries } = await import("@/lib/db/stats-series");
  const points = await getStatsSeries({ accountId, timeZone: "Asia/Shanghai", from, to, interval, filter });
  const unit = interval === "day" ? "day" : "hour";
  const oracle = await query<{
    bucket: string;
    scans: string;
    unique_scanners: string;
    new_followers: string;
    unfollowers: string;
  }>(
    url,
    `SELECT to_char(date_trunc('${unit}', e.occurred_at AT TIME ZONE 'Asia/Shanghai'), '${interval === "day" ? "YYYY-MM-DD" : 'YYYY-MM-DD"T"HH24:00'}') AS bucket,
            count(*) FILTER (WHERE e.kind IN ('scan', 'scan_subscribe')) AS scans,
            count(DISTINCT e.openid) FILTER (WHERE e.kind IN ('scan', 'scan_subscribe')) AS unique_scanners,
            count(DISTINCT e.openid) FILTER (WHERE e.kind = 'scan_subscribe') AS new_followers,
            count(DISTINCT e.openid) FILTER (WHERE e.kind = 'unfollow') AS unfollowers
       FROM events e JOIN qr_codes q ON q.id = e.qr_code_id JOIN channels ch ON ch.id = q.channel_id
      WHERE e.account_id = $1 AND NOT e.test AND ($2::text IS NULL OR ch.name = $2)
        AND e.occurred_at >= $3::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND e.occurred_at < ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
      GROUP BY 1`,
    [accountId, filter.channel ?? null, from, to],
  );
  const people = (o: (typeof oracle)[number]) => ({
    scans: Number(o.scans),
    uniqueScanners: Number(o.unique_scanners),
    newFollowers: Number(o.new_followers),
    unfollowers: Number(o.unfollowers),
  });
  const expected = new Map(oracle.map((o) => [o.bucket, people(o)]));
  for (const p of points)
    assert.deepEqual(
      { scans: p.scans, uniqueScanners: p.uniqueScanners, newFollowers: p.newFollowers, unfollowers: p.unfollowers },
      expected.get(p.bucket) ?? { scans: 0, uniqueScanners: 0, newFollowers: 0, unfollowers: 0 },
      `${interval} ${p.bucket}`,
    );
  assert.ok(
    points.some((p) => p.scans > 0),
    "the series sees the traffic",
  );
}

// Each statistics table's rows, the returning scanners read out at every position (a fold may leave
// an array longer than a rebuild does, with the same values).
const RETURNS = ["returns", "follow_returns", "unfollow_returns"]
  .map((a) => `ARRAY(SELECT stats_at(${a}, i) FROM generate_series(1, 374) AS i) AS ${a}`)
  .join(", ");
const PEOPLE = "scans, scanners, new_follows, followers, unfollows, unfollowers";
const TABLES = {
  stats_days: `slice, key1, key2, day, ${PEOPLE}, ${RETURNS}`,
  stats_weeks: `slice, key1, key2, week, ${PEOPLE}, ${RETURNS}`,
  stats_hours: `slice, key1, key2, hour, ${PEOPLE}`,
};

async function aggregateRows() {
  const { foldPending } = await import("@/lib/db/stats-fold");
  await foldPending();
  const out: Record<string, unknown[]> = {};
  for (const [table, columns] of Object.entries(TABLES))
    out[table] = await query(
      url,
      `SELECT ${columns} FROM ${table} WHERE account_id = $1 AND scans + scanners + new_follows + unfollows <> 0 ORDER BY 1, 2, 3, 4`,
      [accountId],
    );
  return out;
}

test("statistics folded from the recorded events equal the event log counted, for every grouping, filter and range", async () => {
  const rand = random(20260301);
  const events = traffic(rand, 600);
  await record(events, rand);
  const recorded = await query<{ n: string }>(url, "SELECT count(*) AS n FROM events WHERE account_id = $1", [accountId]);
  assert.equal(Number(recorded[0].n), events.filter((e) => e.kind !== null).length);
  await assertExact("maintained");
  for (const filter of [{}, { channel: "商场" }]) {
    await seriesMatch("day", filter, "2026-03-01", "2026-03-12");
    await seriesMatch("hour", filter, "2026-03-04", "2026-03-05");
  }
});

test("WeChat's retries of recorded events change no count", async () => {
  const before = await aggregateRows();
  await record(traffic(random(20260301), 600).slice(0, 200), random(7));
  assert.deepEqual(await aggregateRows(), before);
});

test("a rebuild from the event log gives exactly the rows folded, and accounts without statistics get them at start", async () => {
  const maintained = await aggregateRows();
  for (const returns of ["returns", "follow_returns", "unfollow_returns"])
    assert.ok(
      (maintained.stats_days as Record<string, number[]>[]).some((r) => r[returns].some((n) => n > 0)),
      `returning people were seen (${returns})`,
    );
  const { rebuildStatistics, accountsWithoutStatistics, buildMissingStatistics } = await import("@/lib/db/stats-rebuild");
  await rebuildStatistics(accountId);
  assert.deepEqual(await aggregateRows(), maintained);

  // Events loaded in bulk, or statistics emptied by a migration that recounts them (20261205090000_people_metrics,
  // whose new columns count people): found and built at start.
  const migration = readFileSync("prisma/migrations/20261205090000_people_metrics/migration.sql", "utf8");
  const emptied = migration.match(/^TRUNCATE .*;$/m);
  assert.ok(emptied, "the people metrics' migration empties the statistics");
  await query(url, emptied[0]);
  assert.deepEqual(await accountsWithoutStatistics(), [accountId]);
  await buildMissingStatistics(() => {});
  assert.deepEqual(await aggregateRows(), maintained);
  await assertExact("rebuilt");
});
