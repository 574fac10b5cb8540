import { pool } from "./client";
import { sqlParams } from "./sql-params";
import { foldPending } from "./stats-fold";
import { countColumns, filterScope, groupScope, toCounts } from "./stats";
import type { StatsFilter } from "@/lib/validation/stats";
import type { CountedMetric, Counts } from "@/lib/stats/metrics";
import type { StatsGroup } from "@/lib/stats/groups";
import { NO_CAMPAIGN_KEY } from "@/lib/stats/side-by-side";
import { invalid } from "@/lib/errors";

export type SeriesInterval = "day" | "hour";

export type SeriesPoint = Counts & {
  /** The bucket's start in the account's time zone: `YYYY-MM-DD` for days, `YYYY-MM-DDTHH:00` for hours. */
  bucket: string;
  /** The same instant as an ISO timestamp (UTC). */
  start: string;
};

const BUCKETS: Record<SeriesInterval, { table: string; column: string; step: string; label: string }> = {
  day: { table: "stats_days", column: "day", step: "1 day", label: "YYYY-MM-DD" },
  hour: { table: "stats_hours", column: "hour", step: "1 hour", label: 'YYYY-MM-DD"T"HH24:00' },
};

/** Each count of a bucket from its rows (`t`) in the hour or day table; people (scanners, followers, unfollowers) of the bucket alone. */
const BUCKET_COUNTS: Record<CountedMetric, string> = {
  scans: "sum(t.scans)",
  uniqueScanners: "sum(t.scanners)",
  newFollows: "sum(t.new_follows)",
  newFollowers: "sum(t.followers)",
  unfollows: "sum(t.unfollows)",
  unfollowers: "sum(t.unfollowers)",
};

/** A series' bucket kind and its first parameters: the account, the range and the step between buckets. */
function seriesParams(input: { accountId: number; from: string; to: string; interval: SeriesInterval }) {
  const bucket = BUCKETS[input.interval];
  const { values, p } = sqlParams();
  const account = p(input.accountId, "::int");
  const from = p(input.from, "::date");
  const to = p(input.to, "::date");
  return { bucket, values, p, account, from, to, step: p(bucket.step, "::interval") };
}

/**
 * Counts per day or hour over whole days [from, to] in the account's time zone, every bucket
 * present (zero when nothing happened), counted as getStats counts; people distinct per bucket.
 */
export async function getStatsSeries(input: {
  accountId: number;
  timeZone: string;
  from: string; // YYYY-MM-DD
  to: string;
  interval: SeriesInterval;
  filter?: StatsFilter;
}): Promise<SeriesPoint[]> {
  await foldPending();
  const { bucket, values, p, account, from, to, step } = seriesParams(input);
  const scope = filterScope(account, input.filter ?? {}, p);
  const { rows } = await pool().query<{ bucket: string; start: Date }>(
    `SELECT to_char(b, ${p(bucket.label)}) AS bucket, b AT TIME ZONE ${p(input.timeZone)} AS start,
            ${countColumns((c) => `COALESCE(c.${c}, 0) AS ${c}`)}
       FROM generate_series(${from}::timestamp, (${to} + 1)::timestamp - ${step}, ${step}) AS b
       LEFT JOIN (SELECT t.${bucket.column} AS at, ${countColumns((c, m) => `${BUCKET_COUNTS[m]} AS ${c}`)}
                    FROM ${bucket.table} t
                   WHERE t.account_id = ${account} AND t.slice = '${scope.slice}' AND ${scope.where}
                     AND t.${bucket.column} >= ${from} AND t.${bucket.column} < ${to} + 1
                   GROUP BY 1) AS c ON c.at = b
      ORDER BY b`,
    values,
  );
  return rows.map((r) => ({ bucket: r.bucket, start: r.start.toISOString(), ...toCounts(r) }));
}

/** A row of GET /api/stats as a line of the series: its key and label as the row has them. */
export type SeriesLine = { key: string; label: string; points: SeriesPoint[] };

/** A group's name by its id (`k.id`) when the group is the account's; "no campaign" (0) is every account's. */
const LINE_LABELS: Record<StatsGroup, (account: string) => string> = {
  channel: (account) => `(SELECT name FROM channels WHERE id = k.id AND account_id = ${account})`,
  campaign: (account) =>
    `CASE WHEN k.id = 0 THEN '' ELSE (SELECT name FROM campaigns WHERE id = k.id AND account_id = ${account}) END`,
  qrcode: (account) => `(SELECT name FROM qr_codes WHERE id = k.id AND account_id = ${account})`,
};

/** A row's key as the id its slice rows carry. */
const idOf = (key: string) => (key === NO_CAMPAIGN_KEY ? 0 : Number(key));

const GROUP_NAMES: Record<StatsGroup, string> = { channel: "channel", campaign: "campaign", qrcode: "QR code" };

/**
 * The series of each of a few rows of one grouping (their keys as GET /api/stats gives them), in
 * the order asked, in one statement: each line reads the slice rows getStats reads for that row,
 * so it is the series of the row's own filter (with the filter's channel or campaign); every
 * bucket present. A key that names none of the account's channels, campaigns or codes is refused.
 */
export async function getSeriesLines(input: {
  accountId: number;
  timeZone: string;
  from: string; // YYYY-MM-DD
  to: string;
  interval: SeriesInterval;
  groupBy: StatsGroup;
  keys: string[];
  filter?: StatsFilter;
}): Promise<SeriesLine[]> {
  await foldPending();
  const { bucket, values, p, account, from, to, step } = seriesParams(input);
  const ids = p(input.keys.map(idOf), "::int[]");
  const groups = groupScope(account, input.groupBy, input.filter ?? {}, p);
  const { rows } = await pool().query<{ id: number; label: string | null; bucket: string; start: Date }>(
    `WITH k AS (
       SELECT k.id, k.at, ${LINE_LABELS[input.groupBy](account)} AS label FROM unnest(${ids}) WITH ORDINALITY AS k(id, at)
     ),
     c AS (
       SELECT ${groups.group} AS id, t.${bucket.column} AS at, ${countColumns((c, m) => `${BUCKET_COUNTS[m]} AS ${c}`)}
         FROM ${bucket.table} t ${groups.join}
        WHERE t.account_id = ${account} AND t.slice = '${groups.slice}' AND ${groups.where}
          AND ${groups.group} = ANY(${ids})
          AND t.${bucket.column} >= ${from} AND t.${bucket.column} < ${to} + 1
        GROUP BY 1, 2
     )
     SELECT k.id, k.label, to_char(b, ${p(bucket.label)}) AS bucket, b AT TIME ZONE ${p(input.timeZone)} AS start,
            ${countColumns((c) => `COALESCE(c.${c}, 0) AS ${c}`)}
       FROM k
      CROSS JOIN generate_series(${from}::timestamp, (${to} + 1)::timestamp - ${step}, ${step}) AS b
       LEFT JOIN c ON c.id = k.id AND c.at = b
      ORDER BY k.at, b`,
    values,
  );
  const lines = new Map<number, typeof rows>();
  for (const row of rows) {
    const line = lines.get(row.id);
    if (line) line.push(row);
    else lines.set(row.id, [row]);
  }
  const unknown = input.keys.filter((key) => lines.get(idOf(key))?.[0].label == null);
  if (unknown.length)
    throw invalid(
      "unknown_key",
      `keys: ${unknown.join(", ")} ${unknown.length > 1 ? "name" : "names"} no ${GROUP_NAMES[input.groupBy]} of this account`,
      "keys",
    );
  return input.keys.map((key) => {
    const points = lines.get(idOf(key)) ?? [];
    return {
      key,
      label: points[0].label ?? "",
      points: points.map((r) => ({ bucket: r.bucket, start: r.start.toISOString(), ...toCounts(r) })),
    };
  });
}
