import { pool } from "./client";
import { sqlParams } from "./sql-params";
import { foldPending } from "./stats-fold";
import type { SliceKind } from "./stats-aggregates";
import type { StatsFilter } from "@/lib/validation/stats";
import { COUNTED, countsOf, type CountedMetric, type Counts } from "@/lib/stats/metrics";
import type { StatsGroup } from "@/lib/stats/groups";
import { splitIntoWeeks } from "@/lib/stats/weeks";

/** `live`: grouped by code, whether the code is a live code (活码), so it is labelled beside printed ones. */
export type StatsRow = Counts & { key: string; label: string; live?: boolean };

type Params = ReturnType<typeof sqlParams>;

/** Which slice rows to read, and the condition on their keys (stats tables aliased `t`). */
export type Scope = { slice: SliceKind; where: string };

const channelId = (accountId: string, name: string) =>
  `(SELECT id FROM channels WHERE account_id = ${accountId} AND name = ${name})`;
const campaignId = (accountId: string, name: string) =>
  `(SELECT id FROM campaigns WHERE account_id = ${accountId} AND name = ${name})`;

/** A code of the account that matches the channel and campaign filters too (else no code). */
function codeScope(accountId: string, filter: StatsFilter, p: Params["p"], key = "t.key1"): string {
  const { qrCodeId, channel, campaign } = filter;
  if (qrCodeId === undefined && channel === undefined && campaign === undefined) return "true"; // the slice rows are the account's already
  return `${key} IN (SELECT q.id FROM qr_codes q WHERE q.account_id = ${accountId}
            ${filter.qrCodeId !== undefined ? `AND q.id = ${p(filter.qrCodeId, "::int")}` : ""}
            ${filter.channel !== undefined ? `AND q.channel_id = ${channelId(accountId, p(filter.channel))}` : ""}
            ${filter.campaign !== undefined ? `AND q.campaign_id = ${campaignId(accountId, p(filter.campaign))}` : ""})`;
}

/** The one slice every event the filter lets through counts in: what totals and series read. */
export function filterScope(accountId: string, filter: StatsFilter, p: Params["p"]): Scope {
  if (filter.qrCodeId !== undefined) return { slice: "qr_code", where: codeScope(accountId, filter, p) };
  const channel = filter.channel !== undefined ? `t.key1 = ${channelId(accountId, p(filter.channel))}` : null;
  if (filter.campaign !== undefined) {
    const campaign = campaignId(accountId, p(filter.campaign));
    return channel
      ? { slice: "channel_campaign", where: `${channel} AND t.key2 = ${campaign}` }
      : { slice: "campaign", where: `t.key1 = ${campaign}` };
  }
  return channel ? { slice: "channel", where: channel } : { slice: "account", where: "true" };
}

/**
 * The slice rows of a grouping under a filter, each row one group: the group's own slice, or the
 * group within the filter's channel or campaign, or the one code the filter names. `group` is the
 * SQL of the group's id for a row (0 for "no campaign"), over the rows `t` and what `join` adds to them.
 */
export function groupScope(
  accountId: string,
  groupBy: StatsGroup,
  filter: StatsFilter,
  p: Params["p"],
): Scope & { group: string; join: string } {
  if (filter.qrCodeId !== undefined || groupBy === "qrcode") {
    const where = codeScope(accountId, filter, p);
    if (groupBy === "qrcode") return { slice: "qr_code", where, group: "t.key1", join: "" };
    const group = { channel: "q.channel_id", campaign: "COALESCE(q.campaign_id, 0)" }[groupBy];
    return { slice: "qr_code", where, group, join: "JOIN qr_codes q ON q.id = t.key1" };
  }
  const channel = filter.channel !== undefined ? channelId(accountId, p(filter.channel)) : null;
  const campaign = filter.campaign !== undefined ? campaignId(accountId, p(filter.campaign)) : null;
  if (groupBy === "channel") {
    if (campaign)
      return {
        slice: "channel_campaign",
        where: `t.key2 = ${campaign}${channel ? ` AND t.key1 = ${channel}` : ""}`,
        group: "t.key1",
        join: "",
      };
    return { slice: "channel", where: channel ? `t.key1 = ${channel}` : "true", group: "t.key1", join: "" };
  }
  if (channel)
    return {
      slice: "channel_campaign",
      where: `t.key1 = ${channel}${campaign ? ` AND t.key2 = ${campaign}` : ""}`,
      group: "t.key2",
      join: "",
    };
  return { slice: "campaign", where: campaign ? `t.key1 = ${campaign}` : "true", group: "t.key1", join: "" };
}

/** The column a query answers a counted metric in: its name in snake_case, as the statistics tables name theirs. */
const columnOf = (metric: CountedMetric) => metric.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The counted metrics' columns in a select list, each as `sql(column, metric)`. */
export const countColumns = (sql: (column: string, metric: CountedMetric) => string) =>
  COUNTED.map((m) => sql(columnOf(m), m)).join(", ");

type CountColumns = Record<string, unknown>;

/** Every metric of a row of counted columns (none: all zero). */
export function toCounts(r: CountColumns | undefined): Counts {
  return countsOf(Object.fromEntries(COUNTED.map((m) => [m, Number(r?.[columnOf(m)] ?? 0)])) as Record<CountedMetric, number>);
}

/**
 * Counts per slice over whole local days [from, to] (SPEC §4), read from whole weeks where the
 * range holds them and from days at its ends. People (unique scanners, new followers, unfollowers)
 * are exact: each bucket's distinct people of the day, less those seen in the slice's same set on
 * an earlier day of the range.
 */
function sliceCounts(
  scope: Scope,
  accountId: string,
  from: string,
  to: string,
  p: Params["p"],
  range: { from: string; to: string },
) {
  const { weeksFrom, weeksTo } = splitIntoWeeks(range.from, range.to);
  const wf = p(weeksFrom, "::date");
  const wt = p(weeksTo, "::date");
  const slice = `t.account_id = ${accountId} AND t.slice = '${scope.slice}' AND ${scope.where}`;
  // What a day or week row adds to each count of the range.
  const bucket = (column: string) => {
    const counts: Record<CountedMetric, string> = {
      scans: "t.scans",
      uniqueScanners: `t.scanners - stats_at(t.returns, t.${column} - ${from} + 1)`,
      newFollows: "t.new_follows",
      newFollowers: `t.followers - stats_at(t.follow_returns, t.${column} - ${from} + 1)`,
      unfollows: "t.unfollows",
      unfollowers: `t.unfollowers - stats_at(t.unfollow_returns, t.${column} - ${from} + 1)`,
    };
    return `t.key1, t.key2, ${countColumns((c, m) => `${counts[m]} AS ${c}`)}`;
  };
  return `SELECT key1, key2, ${countColumns((c) => `sum(${c}) AS ${c}`)}
      FROM (SELECT ${bucket("day")} FROM stats_days t
             WHERE ${slice} AND t.day BETWEEN ${from} AND ${to} AND NOT (t.day >= ${wf} AND t.day < ${wt})
            UNION ALL
            SELECT ${bucket("week")} FROM stats_weeks t
             WHERE ${slice} AND t.week >= ${wf} AND t.week < ${wt}) AS b
     GROUP BY key1, key2`;
}

const byLabel = new Intl.Collator("zh-CN");

/** A group's name by its id (`g.id`). */
export const LABELS: Record<StatsGroup, string> = {
  channel: "(SELECT name FROM channels WHERE id = g.id)",
  campaign: "(SELECT name FROM campaigns WHERE id = g.id)",
  qrcode: "(SELECT name FROM qr_codes WHERE id = g.id)",
};

/**
 * Counts per group over whole days [from, to] in the account's time zone, and the totals, read
 * from the statistics tables once every recorded event is folded in. The empty key is "no campaign".
 */
export async function getStats(input: {
  accountId: number;
  from: string; // YYYY-MM-DD
  to: string;
  groupBy: StatsGroup;
  filter?: StatsFilter;
}): Promise<{ rows: StatsRow[]; totals: Counts }> {
  await foldPending();
  const filter = input.filter ?? {};
  const { values, p } = sqlParams();
  const account = p(input.accountId, "::int");
  const from = p(input.from, "::date");
  const to = p(input.to, "::date");
  const groups = groupScope(account, input.groupBy, filter, p);
  const totals = filterScope(account, filter, p);
  const live = input.groupBy === "qrcode" ? "(SELECT live_slug IS NOT NULL FROM qr_codes WHERE id = g.id)" : "NULL::boolean";
  const { rows } = await pool().query<CountColumns & { id: number | null; label: string | null; live: boolean | null }>(
    `WITH g AS (
       SELECT ${groups.group} AS id, ${countColumns((c) => `t.${c}`)}
         FROM (${sliceCounts(groups, account, from, to, p, input)}) AS t ${groups.join}
     )
     SELECT g.id, ${LABELS[input.groupBy]} AS label, ${live} AS live, ${countColumns((c) => `g.${c}`)} FROM g
     UNION ALL
     SELECT NULL, NULL, NULL, ${countColumns((c) => `t.${c}`)} FROM (${sliceCounts(totals, account, from, to, p, input)}) AS t`,
    values,
  );
  const groupRows = rows.filter((r) => r.id !== null);
  const totalsRow = rows.find((r) => r.id === null);
  return {
    rows: groupRows
      .map((r) => ({ key: r.id ? String(r.id) : "", label: r.label ?? "", ...(r.live ? { live: true } : {}), ...toCounts(r) }))
      .sort((a, b) => b.scans - a.scans || byLabel.compare(a.label, b.label)),
    totals: toCounts(totalsRow),
  };
}
