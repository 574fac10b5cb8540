import { pool } from "./client";
import { GROUP_RECENT_DAYS } from "@/lib/limits";

/** What a channel or campaign counted over the recent days (GROUP_RECENT_DAYS, today included). */
export type RecentCounts = { scans: number; newFollows: number };

/**
 * Recent scans and new follows per channel or campaign, read from the daily statistics (never the
 * event log): one indexed range per slice, each account's days in its own time zone.
 */
export async function recentCounts(slice: "channel" | "campaign", accountId?: number): Promise<Map<number, RecentCounts>> {
  const { rows } = await pool().query<{ key: number; scans: string; new_follows: string }>(
    `SELECT d.key1 AS key, sum(d.scans) AS scans, sum(d.new_follows) AS new_follows
       FROM stats_days d JOIN accounts a ON a.id = d.account_id
      WHERE d.slice = $1::"StatsSlice" AND ($2::int IS NULL OR d.account_id = $2)
        AND d.day > (now() AT TIME ZONE a.time_zone)::date - $3::int
      GROUP BY d.key1`,
    [slice, accountId ?? null, GROUP_RECENT_DAYS],
  );
  return new Map(rows.map((r) => [r.key, { scans: Number(r.scans), newFollows: Number(r.new_follows) }]));
}

export const NO_RECENT_COUNTS: RecentCounts = { scans: 0, newFollows: 0 };
