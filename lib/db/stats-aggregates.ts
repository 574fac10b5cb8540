import { MAX_RANGE_DAYS } from "@/lib/validation/stats";

/**
 * The parts of an account that statistics count separately. Every counted event belongs to exactly
 * one slice of each kind (its code, the code's channel, campaign, channel within campaign, and the
 * account), so any grouping and drill-down filter of GET /api/stats reads one kind of slice.
 */
export type SliceKind = "account" | "channel" | "campaign" | "channel_campaign" | "qr_code";

/** `key1`/`key2` of each slice kind, as SQL over a code's columns (`q` = qr_codes). 0 = none. */
export const SLICE_KEYS: Record<SliceKind, [key1: string, key2: string]> = {
  account: ["0", "0"],
  channel: ["q.channel_id", "0"],
  campaign: ["COALESCE(q.campaign_id, 0)", "0"],
  channel_campaign: ["q.channel_id", "COALESCE(q.campaign_id, 0)"],
  qr_code: ["q.id", "0"],
};

/**
 * `CROSS JOIN LATERAL` the slices of the code aliased `q`: one row per slice kind with columns
 * `slice`, `key1`, `key2`.
 */
export const SLICES_OF_CODE = `CROSS JOIN LATERAL (VALUES ${Object.entries(SLICE_KEYS)
  .map(([slice, [key1, key2]]) => `('${slice}'::"StatsSlice", ${key1}, ${key2})`)
  .join(", ")}) AS s(slice, key1, key2)`;

/**
 * How far back a scanner's previous scan is remembered: a range's last day is at most this many
 * days after its first, so an earlier scan never decides whether a scanner is new to the range.
 */
export const RETURN_WINDOW_DAYS = MAX_RANGE_DAYS;

/**
 * Distinct scanners over a range, exactly, from per-bucket counts (a bucket is a day, or a week
 * from Monday): each bucket keeps its daily distinct scanners (`scanners`, summed over its days)
 * and `returns`, a running count of those who had scanned the slice before: a scan whose previous
 * day in the slice was `prev` counts from position max(start − prev, 0) + 1 on (start = the
 * bucket's first day). The distinct scanners of [from, to] are the sum over buckets covering it of
 * scanners − stats_at(returns, start − from + 1): each person counted on their first day in the
 * range only. `returns` arrays end where the count stops growing (stats_at and stats_add, SQL
 * functions of the migration, read and add them).
 */
export const returnsPosition = (start: string, prev: string) => `GREATEST(${start} - ${prev}, 0) + 1`;

/**
 * Running-count arrays from the rows of `points` (account_id, slice, key1, key2, bucket, pos,
 * delta): one row per bucket with `returns`, where position i holds the sum of the deltas at
 * positions up to i.
 */
export function returnsArrays(points: string): string {
  return `SELECT account_id, slice, key1, key2, bucket, array_agg(total ORDER BY i)::int[] AS returns
      FROM (SELECT r.account_id, r.slice, r.key1, r.key2, r.bucket, i,
                   sum(COALESCE(p.delta, 0)) OVER (PARTITION BY r.account_id, r.slice, r.key1, r.key2, r.bucket ORDER BY i) AS total
              FROM (SELECT account_id, slice, key1, key2, bucket, max(pos) AS top FROM ${points} GROUP BY 1, 2, 3, 4, 5) AS r
              CROSS JOIN generate_series(1, r.top) AS i
              LEFT JOIN (SELECT account_id, slice, key1, key2, bucket, pos, sum(delta) AS delta FROM ${points} GROUP BY 1, 2, 3, 4, 5, 6) AS p
                ON (p.account_id, p.slice, p.key1, p.key2, p.bucket, p.pos) = (r.account_id, r.slice, r.key1, r.key2, r.bucket, i)
           ) AS running
     GROUP BY 1, 2, 3, 4, 5`;
}

/** The Monday of a local day's week, in SQL. */
export const weekOf = (day: string) => `date_trunc('week', ${day})::date`;

/** Event kinds that are scans. */
export const SCAN_KINDS = `('scan', 'scan_subscribe')`;

/** The event counts of SPEC §4 over rows with a `kind` column (scans, new follows, unfollows). */
export const EVENT_COUNTS = `count(*) FILTER (WHERE kind IN ${SCAN_KINDS}) AS scans,
       count(*) FILTER (WHERE kind = 'scan_subscribe') AS new_follows,
       count(*) FILTER (WHERE kind = 'unfollow') AS unfollows`;
