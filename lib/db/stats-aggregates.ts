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

/** Event kinds that are scans. */
export const SCAN_KINDS = `('scan', 'scan_subscribe')`;

/** The event counts of SPEC §4 over rows with a `kind` column (scans, new follows, unfollows). */
export const EVENT_COUNTS = `count(*) FILTER (WHERE kind IN ${SCAN_KINDS}) AS scans,
       count(*) FILTER (WHERE kind = 'scan_subscribe') AS new_follows,
       count(*) FILTER (WHERE kind = 'unfollow') AS unfollows`;
