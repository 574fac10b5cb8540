import { pool } from "./client";
import type { StatsFilter } from "@/lib/validation/stats";

export type StatsGroup = "channel" | "campaign" | "qrcode";

export type StatsRow = {
  key: string;
  label: string;
  scans: number;
  uniqueScanners: number;
  newFollows: number;
  unfollows: number;
  netFollows: number;
};

const GROUP_COLUMNS: Record<StatsGroup, { key: string; label: string }> = {
  channel: { key: "ch.id::text", label: "ch.name" },
  campaign: { key: "COALESCE(cp.id::text, '')", label: "COALESCE(cp.name, '')" },
  qrcode: { key: "q.id::text", label: "q.name" },
};

/**
 * The drill-down filter as SQL over `ch` (channels), `cp` (campaigns) and `q` (qr_codes), with its
 * parameters numbered from `first`. An absent filter is NULL and matches everything.
 */
export function filterClause(filter: StatsFilter | undefined, first: number): { sql: string; params: unknown[] } {
  return {
    sql: `AND ($${first}::text IS NULL OR ch.name = $${first})
        AND ($${first + 1}::text IS NULL OR cp.name = $${first + 1})
        AND ($${first + 2}::int IS NULL OR q.id = $${first + 2})`,
    params: [filter?.channel ?? null, filter?.campaign ?? null, filter?.qrCodeId ?? null],
  };
}

/**
 * Counts per group over whole days [from, to] in the account's time zone (SPEC §4):
 * scans and unique scanners over scan events, new follows over follows through a code,
 * unfollows against the code the follower was attributed to. The empty key is the totals row.
 */
/**
 * The counting rules of SPEC §4 as SQL, shared by every stats question: scans and unique scanners
 * over scan events, new follows over follows through a code, unfollows as attributed.
 */
export const COUNTS = `count(*) FILTER (WHERE e.kind IN ('scan', 'scan_subscribe')) AS scans,
            count(DISTINCT e.openid) FILTER (WHERE e.kind IN ('scan', 'scan_subscribe')) AS unique_scanners,
            count(*) FILTER (WHERE e.kind = 'scan_subscribe') AS new_follows,
            count(*) FILTER (WHERE e.kind = 'unfollow') AS unfollows`;

/** Counted events ($1 account, $2 time zone, $3..$4 whole local days) with their code, channel, campaign. */
export const ATTRIBUTED_EVENTS_IN_RANGE = `FROM events e
       JOIN qr_codes q ON q.id = e.qr_code_id
       JOIN channels ch ON ch.id = q.channel_id
       LEFT JOIN campaigns cp ON cp.id = q.campaign_id
      WHERE e.account_id = $1 AND NOT e.test
        AND e.occurred_at >= ($3::date)::timestamp AT TIME ZONE $2
        AND e.occurred_at < ($4::date + 1)::timestamp AT TIME ZONE $2`;

export async function getStats(input: {
  accountId: number;
  timeZone: string;
  from: string; // YYYY-MM-DD
  to: string;
  groupBy: StatsGroup;
  filter?: StatsFilter;
}): Promise<{ rows: StatsRow[]; totals: Omit<StatsRow, "key" | "label"> }> {
  const group = GROUP_COLUMNS[input.groupBy];
  const filter = filterClause(input.filter, 5);
  const { rows } = await pool().query<{ key: string | null; label: string | null; scans: string; unique_scanners: string; new_follows: string; unfollows: string }>(
    `SELECT ${group.key} AS key, ${group.label} AS label,
            ${COUNTS}
       ${ATTRIBUTED_EVENTS_IN_RANGE}
        ${filter.sql}
      GROUP BY GROUPING SETS ((${group.key}, ${group.label}), ())
      ORDER BY GROUPING(${group.key}) DESC, scans DESC, label`,
    [input.accountId, input.timeZone, input.from, input.to, ...filter.params],
  );
  const toCounts = (r: (typeof rows)[number]) => {
    const newFollows = Number(r.new_follows);
    const unfollows = Number(r.unfollows);
    return {
      scans: Number(r.scans),
      uniqueScanners: Number(r.unique_scanners),
      newFollows,
      unfollows,
      netFollows: newFollows - unfollows,
    };
  };
  const [totalsRow, ...groups] = rows;
  const empty = { scans: 0, uniqueScanners: 0, newFollows: 0, unfollows: 0, netFollows: 0 };
  return {
    rows: groups.map((r) => ({ key: r.key ?? "", label: r.label ?? "", ...toCounts(r) })),
    totals: totalsRow ? toCounts(totalsRow) : empty,
  };
}

export type RawScan = {
  occurredAt: string;
  kind: string;
  openid: string;
  scene: string | null;
  qrCodeId: number | null;
  qrCode: string | null;
  channel: string | null;
  campaign: string | null;
};

/** Raw events in the range, oldest first, for CSV export (bounded by `limit`). */
export async function listEvents(input: { accountId: number; timeZone: string; from: string; to: string; limit: number; filter?: StatsFilter }): Promise<RawScan[]> {
  const filter = filterClause(input.filter, 6);
  const { rows } = await pool().query<{ occurred_at: Date; kind: string; openid: string; scene: string | null; qr_code_id: number | null; qr_code: string | null; channel: string | null; campaign: string | null }>(
    `SELECT e.occurred_at, e.kind, e.openid, e.scene, e.qr_code_id, q.name AS qr_code, ch.name AS channel, cp.name AS campaign
       FROM events e
       LEFT JOIN qr_codes q ON q.id = e.qr_code_id
       LEFT JOIN channels ch ON ch.id = q.channel_id
       LEFT JOIN campaigns cp ON cp.id = q.campaign_id
      WHERE e.account_id = $1 AND NOT e.test
        AND e.occurred_at >= ($3::date)::timestamp AT TIME ZONE $2
        AND e.occurred_at < ($4::date + 1)::timestamp AT TIME ZONE $2
        ${filter.sql}
      ORDER BY e.occurred_at, e.id
      LIMIT $5`,
    [input.accountId, input.timeZone, input.from, input.to, input.limit, ...filter.params],
  );
  return rows.map((r) => ({
    occurredAt: r.occurred_at.toISOString(),
    kind: r.kind,
    openid: r.openid,
    scene: r.scene,
    qrCodeId: r.qr_code_id,
    qrCode: r.qr_code,
    channel: r.channel,
    campaign: r.campaign,
  }));
}
