import { z } from "zod";
import { STATS_GROUPS } from "@/lib/stats/groups";
import { NAME_MAX_CHARS } from "@/lib/limits";
import { LOCALES } from "@/lib/i18n/locale";
import { SIDE_BY_SIDE_MAX, SIDE_BY_SIDE_MIN, NO_CAMPAIGN_KEY } from "@/lib/stats/side-by-side";
import { CALENDAR_MESSAGE, day, isRowId, ROW_ID_MESSAGE, rowIdParam, text } from "./input";

export const MAX_RANGE_DAYS = 366;
/** Hourly series stay readable (and small): at most this many days of hours. */
export const MAX_HOURLY_DAYS = 31;

/** The API's messages for a bad range; the dashboard maps them to its own language. */
export const RANGE_MESSAGES = {
  order: "must not be before from",
  tooLong: `the range is limited to ${MAX_RANGE_DAYS} days`,
  hourlyTooLong: `hourly series are limited to ${MAX_HOURLY_DAYS} days`,
  /** On from or to: a day outside CALENDAR. */
  calendar: CALENDAR_MESSAGE,
} as const;

/** Days from `from` to `to` inclusive (both YYYY-MM-DD). */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The YYYY-MM-DD day `days` after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const filterName = text.trim().min(1).max(NAME_MAX_CHARS);

/** Narrows stats to one channel, campaign (by name, as GET /api/qrcodes does) and/or code (drill-down). */
const statsFilter = {
  channel: filterName.optional(),
  campaign: filterName.optional(),
  qrCodeId: rowIdParam.optional(),
};

export type StatsFilter = { channel?: string; campaign?: string; qrCodeId?: number };

// `to` may be at most MAX_RANGE_DAYS after `from` (as the API has always accepted).
const rangeRefinements = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((q) => q.from <= q.to, { path: ["to"], message: RANGE_MESSAGES.order })
    .refine((q) => rangeDays(q.from, q.to) - 1 <= MAX_RANGE_DAYS, { path: ["to"], message: RANGE_MESSAGES.tooLong });

/** A range of whole days in the account's time zone: the same rules for the API and the dashboard's date inputs. */
export const dateRange = rangeRefinements(z.object({ from: day, to: day }));

export const statsQuery = rangeRefinements(
  z.object({
    from: day,
    to: day,
    groupBy: z.enum(STATS_GROUPS).default("channel"),
    accountId: rowIdParam.optional(),
    format: z.enum(["json", "csv"]).default("json"),
    /** `previous`: the answer also carries the range of equal length before it (`previous`: its rows and totals). */
    compare: z.enum(["previous"]).optional(),
    /** The CSV's language (headers, labels); without it, the dashboard's (its cookie, else Accept-Language). */
    lang: z.enum(LOCALES).optional(),
    ...statsFilter,
  }),
);

/** The API's messages for a bad `keys` of GET /api/stats/series. */
export const KEYS_MESSAGES = {
  count: `name from ${SIDE_BY_SIDE_MIN} to ${SIDE_BY_SIDE_MAX} keys, comma-separated`,
  form: `each key is a row's key of GET /api/stats: an id that ${ROW_ID_MESSAGE}, or empty for "no campaign"`,
  twice: "names a key twice",
  noCampaign: 'an empty key ("no campaign") is a campaign row: use groupBy=campaign',
} as const;

/**
 * Rows of GET /api/stats (their `key`s, comma-separated) for a line each: ids, and "" for the
 * "no campaign" row (`keys=,12`). Whether they name rows of the account is the query's to tell.
 */
const sideBySideKeys = text
  .transform((s) => s.split(","))
  .refine((keys) => keys.length >= SIDE_BY_SIDE_MIN && keys.length <= SIDE_BY_SIDE_MAX, KEYS_MESSAGES.count)
  .refine((keys) => keys.every((k) => k === NO_CAMPAIGN_KEY || (/^\d{1,10}$/.test(k) && isRowId(Number(k)))), KEYS_MESSAGES.form)
  .refine((keys) => new Set(keys).size === keys.length, KEYS_MESSAGES.twice);

/**
 * One line of counts per bucket; with `keys`, one line per row of `groupBy` (the rows' filters as
 * GET /api/stats applies them). `groupBy` is read only with `keys`.
 */
export const seriesQuery = rangeRefinements(
  z.object({
    from: day,
    to: day,
    interval: z.enum(["day", "hour"]).default("day"),
    accountId: rowIdParam.optional(),
    groupBy: z.enum(STATS_GROUPS).default("channel"),
    keys: sideBySideKeys.optional(),
    ...statsFilter,
  }),
)
  .refine((q) => q.interval !== "hour" || rangeDays(q.from, q.to) <= MAX_HOURLY_DAYS, {
    path: ["interval"],
    message: RANGE_MESSAGES.hourlyTooLong,
  })
  .refine((q) => q.groupBy === "campaign" || !q.keys?.includes(NO_CAMPAIGN_KEY), {
    path: ["keys"],
    message: KEYS_MESSAGES.noCampaign,
  });

export const eventsExportQuery = rangeRefinements(
  z.object({
    from: day,
    to: day,
    accountId: rowIdParam.optional(),
    lang: z.enum(LOCALES).optional(),
    ...statsFilter,
  }),
);

/** Scans per weekday and hour over the range and filter of GET /api/stats. */
export const heatmapQuery = rangeRefinements(
  z.object({
    from: day,
    to: day,
    accountId: rowIdParam.optional(),
    ...statsFilter,
  }),
);

/** How follows held over the follow days of a range, per group of GET /api/stats, with its filters. */
export const retentionQuery = rangeRefinements(
  z.object({
    from: day,
    to: day,
    groupBy: z.enum(STATS_GROUPS).default("channel"),
    accountId: rowIdParam.optional(),
    ...statsFilter,
  }),
);
