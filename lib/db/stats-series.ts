import { pool } from "./client";
import { sqlParams } from "./sql-params";
import { foldPending } from "./stats-fold";
import { countColumns, filterScope, toCounts } from "./stats";
import type { StatsFilter } from "@/lib/validation/stats";
import type { CountedMetric, Counts } from "@/lib/stats/metrics";

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
  const bucket = BUCKETS[input.interval];
  const { values, p } = sqlParams();
  const account = p(input.accountId, "::int");
  const from = p(input.from, "::date");
  const to = p(input.to, "::date");
  const step = p(bucket.step, "::interval");
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
