import type { z } from "zod";
import { resolveAccount } from "@/lib/db/resolve-account";
import { getStats, type StatsRow } from "@/lib/db/stats";
import type { StatsGroup } from "@/lib/stats/groups";
import { getSeriesLines, getStatsSeries, type SeriesInterval, type SeriesLine, type SeriesPoint } from "@/lib/db/stats-series";
import { getScanHeatmap, type WeekHours } from "@/lib/db/stats-heatmap";
import type { Counts } from "@/lib/stats/metrics";
import { previousRange } from "@/lib/stats/compare";
import { getRetention, type RetentionStats } from "@/lib/db/stats-retention";
import type { heatmapQuery, retentionQuery, seriesQuery, StatsFilter, statsQuery } from "@/lib/validation/stats";

// What GET /api/stats and /api/stats/series answer, for the routes and for pages that answer ahead.

/** What was asked, as the answer repeats it (the filter's unset parts are left out of the JSON). */
type Asked = { from: string; to: string; timeZone: string; filter: StatsFilter };

export type StatsAnswer = Asked & {
  rows: StatsRow[];
  totals: Counts;
  groupBy: StatsGroup;
  /** With `compare=previous`: the same for the range of equal length just before. */
  previous?: { from: string; to: string; rows: StatsRow[]; totals: Counts };
};
export type SeriesAnswer = Asked & { points: SeriesPoint[]; interval: SeriesInterval };
/** GET /api/stats/series with `keys`: a line per row of `groupBy`, in the order of `keys`. */
export type SeriesLinesAnswer = Asked & { lines: SeriesLine[]; interval: SeriesInterval; groupBy: StatsGroup };
/** `scans[weekday][hour]`: Monday first, hours of the day in `timeZone`. */
export type HeatmapAnswer = Asked & { scans: WeekHours };
export type RetentionAnswer = Asked & RetentionStats & { groupBy: StatsGroup };

export async function statsAnswer({
  channel,
  campaign,
  qrCodeId,
  compare,
  ...query
}: z.infer<typeof statsQuery>): Promise<StatsAnswer> {
  const filter = { channel, campaign, qrCodeId };
  const account = await resolveAccount(query.accountId);
  const before = compare === "previous" ? previousRange(query.from, query.to) : null;
  const [stats, previous] = await Promise.all([
    getStats({ ...query, filter, accountId: account.id }),
    before && getStats({ ...query, ...before, filter, accountId: account.id }),
  ]);
  const answer = { ...stats, from: query.from, to: query.to, groupBy: query.groupBy, timeZone: account.timeZone, filter };
  return before && previous ? { ...answer, previous: { ...before, ...previous } } : answer;
}

/** Counts per day or hour, every bucket present, in the account's time zone. */
export async function seriesAnswer({
  channel,
  campaign,
  qrCodeId,
  ...query
}: z.infer<typeof seriesQuery>): Promise<SeriesAnswer> {
  const filter = { channel, campaign, qrCodeId };
  const account = await resolveAccount(query.accountId);
  const points = await getStatsSeries({ ...query, filter, accountId: account.id, timeZone: account.timeZone });
  return { points, from: query.from, to: query.to, interval: query.interval, timeZone: account.timeZone, filter };
}

/** A line of counts per row of GET /api/stats named in `keys`, each as seriesAnswer answers for that row alone. */
export async function seriesLinesAnswer({
  channel,
  campaign,
  qrCodeId,
  keys,
  ...query
}: z.infer<typeof seriesQuery> & { keys: string[] }): Promise<SeriesLinesAnswer> {
  const filter = { channel, campaign, qrCodeId };
  const account = await resolveAccount(query.accountId);
  const lines = await getSeriesLines({ ...query, keys, filter, accountId: account.id, timeZone: account.timeZone });
  const { from, to, interval, groupBy } = query;
  return { lines, from, to, interval, groupBy, timeZone: account.timeZone, filter };
}

/** GET /api/stats/series: one line, or with `keys` a line per row. */
export const seriesOrLinesAnswer = (query: z.infer<typeof seriesQuery>): Promise<SeriesAnswer | SeriesLinesAnswer> =>
  query.keys ? seriesLinesAnswer({ ...query, keys: query.keys }) : seriesAnswer(query);

/** Scans per weekday (Monday first) and hour of day in the account's time zone. */
export async function heatmapAnswer({
  channel,
  campaign,
  qrCodeId,
  ...query
}: z.infer<typeof heatmapQuery>): Promise<HeatmapAnswer> {
  const filter = { channel, campaign, qrCodeId };
  const account = await resolveAccount(query.accountId);
  const scans = await getScanHeatmap({ ...query, filter, accountId: account.id });
  return { scans, from: query.from, to: query.to, timeZone: account.timeZone, filter };
}

/** How follows through each group held over the range's follow days: shares, median, cohorts and curve. */
export async function retentionAnswer({
  channel,
  campaign,
  qrCodeId,
  ...query
}: z.infer<typeof retentionQuery>): Promise<RetentionAnswer> {
  const filter = { channel, campaign, qrCodeId };
  const account = await resolveAccount(query.accountId);
  const retention = await getRetention({ ...query, filter, accountId: account.id });
  return { ...retention, from: query.from, to: query.to, groupBy: query.groupBy, timeZone: account.timeZone, filter };
}
