import { MAX_RANGE_DAYS } from "@/lib/validation/stats";

/**
 * The parts of an account that statistics count separately. Every counted event belongs to exactly
 * one slice of each kind (its code, the code's channel, campaign, channel within campaign, and the
 * account), so any grouping and drill-down filter of GET /api/stats reads one kind of slice.
 */
export type SliceKind = "account" | "channel" | "campaign" | "channel_campaign" | "qr_code";

/** `key1`/`key2` of each slice kind, as SQL over a code's columns (`q` = qr_codes). 0 = none. */
const SLICE_KEYS: Record<SliceKind, [key1: string, key2: string]> = {
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

/** Event kinds that are scans. */
export const SCAN_KINDS = `('scan', 'scan_subscribe')`;

/** The event counts of SPEC §4 over rows with a `kind` column (scans, new follows, unfollows). */
export const EVENT_COUNTS = `count(*) FILTER (WHERE kind IN ${SCAN_KINDS}) AS scans,
       count(*) FILTER (WHERE kind = 'scan_subscribe') AS new_follows,
       count(*) FILTER (WHERE kind = 'unfollow') AS unfollows`;

/**
 * Adds a batch's counts to stats_days or stats_hours: events from `counted` (one row per event
 * and slice, local time in `local`), new scanners from `facts` (a scan not `seen` earlier in the
 * same bucket). Rows go in key order so concurrent batches lock them in the same order.
 */
export function countsUpsert(table: "stats_days" | "stats_hours", column: "day" | "hour", bucketOfLocal: string, seen: string): string {
  return `INSERT INTO ${table} AS t (account_id, slice, key1, key2, ${column}, scans, scanners, new_follows, unfollows)
    SELECT c.account_id, c.slice, c.key1, c.key2, c.bucket, c.scans, COALESCE(f.scanners, 0), c.new_follows, c.unfollows
      FROM (SELECT account_id, slice, key1, key2, ${bucketOfLocal} AS bucket, ${EVENT_COUNTS}
              FROM counted GROUP BY 1, 2, 3, 4, 5) AS c
      LEFT JOIN (SELECT account_id, slice, key1, key2, ${column} AS bucket, count(*) FILTER (WHERE NOT ${seen}) AS scanners
                   FROM facts GROUP BY 1, 2, 3, 4, 5) AS f USING (account_id, slice, key1, key2, bucket)
     ORDER BY 1, 2, 5, 3, 4
    ON CONFLICT (account_id, slice, ${column}, key1, key2) DO UPDATE SET
      scans = t.scans + EXCLUDED.scans, scanners = t.scanners + EXCLUDED.scanners,
      new_follows = t.new_follows + EXCLUDED.new_follows, unfollows = t.unfollows + EXCLUDED.unfollows`;
}
