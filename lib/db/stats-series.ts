import { pool } from "./client";
import { ATTRIBUTED_EVENTS_IN_RANGE, COUNTS, filterClause } from "./stats";
import type { StatsFilter } from "@/lib/validation/stats";

export type SeriesInterval = "day" | "hour";

export type SeriesPoint = {
  /** The bucket's start in the account's time zone: `YYYY-MM-DD` for days, `YYYY-MM-DDTHH:00` for hours. */
  bucket: string;
  /** The same instant as an ISO timestamp (UTC). */
  start: string;
  scans: number;
  uniqueScanners: number;
  newFollows: number;
  unfollows: number;
  netFollows: number;
};

// Constants chosen by the validated interval, passed as parameters all the same.
const BUCKETS: Record<SeriesInterval, { step: string; label: string }> = {
  day: { step: "1 day", label: "YYYY-MM-DD" },
  hour: { step: "1 hour", label: 'YYYY-MM-DD"T"HH24:00' },
};

/**
 * Counts per day or hour over whole days [from, to] in the account's time zone, every bucket
 * present (zero when nothing happened). Counting follows getStats exactly: scans are scan and
 * scan_subscribe events, unique scanners distinct openids among them (per bucket), new follows
 * scan_subscribe events, unfollows the unfollow events attributed to a code.
 */
export async function getStatsSeries(input: {
  accountId: number;
  timeZone: string;
  from: string; // YYYY-MM-DD
  to: string;
  interval: SeriesInterval;
  filter?: StatsFilter;
}): Promise<SeriesPoint[]> {
  const bucket = BUCKETS[input.interval];
  const filter = filterClause(input.filter, 8);
  const { rows } = await pool().query<{ bucket: string; start: Date; scans: string; unique_scanners: string; new_follows: string; unfollows: string }>(
    `WITH buckets AS (
       SELECT b AS bucket
         FROM generate_series(($3::date)::timestamp, ($4::date + 1)::timestamp - $6::interval, $6::interval) b
     ), counts AS (
       SELECT date_trunc($5, e.occurred_at AT TIME ZONE $2) AS bucket,
              ${COUNTS}
         ${ATTRIBUTED_EVENTS_IN_RANGE}
          ${filter.sql}
        GROUP BY 1
     )
     SELECT to_char(b.bucket, $7) AS bucket,
            b.bucket AT TIME ZONE $2 AS start,
            COALESCE(c.scans, 0) AS scans,
            COALESCE(c.unique_scanners, 0) AS unique_scanners,
            COALESCE(c.new_follows, 0) AS new_follows,
            COALESCE(c.unfollows, 0) AS unfollows
       FROM buckets b
       LEFT JOIN counts c ON c.bucket = b.bucket
      ORDER BY b.bucket`,
    [input.accountId, input.timeZone, input.from, input.to, input.interval, bucket.step, bucket.label, ...filter.params],
  );
  return rows.map((r) => {
    const newFollows = Number(r.new_follows);
    const unfollows = Number(r.unfollows);
    return {
      bucket: r.bucket,
      start: r.start.toISOString(),
      scans: Number(r.scans),
      uniqueScanners: Number(r.unique_scanners),
      newFollows,
      unfollows,
      netFollows: newFollows - unfollows,
    };
  });
}
