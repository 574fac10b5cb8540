import { addDays } from "@/lib/validation/stats";
import { splitIntoWeeks } from "./weeks";

// Retention (SPEC §4): how long follows through a code last. A follow is a subscribe through a code
// (a newFollow); it ends at the person's next unfollow, if that comes before any other follow. Each
// follow day of a slice keeps its follows and, as a running count, how many of them ended within
// each of RETENTION_BOUNDS — enough for the shares still following after 1, 7 and 30 days, the
// curve, and the median time to unfollow as the span it falls in.

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Follow lengths (seconds) at which ended follows are counted: position i of a running count holds
 * the follows that ended before bound i (1-based), the position after the last all that ended.
 */
export const RETENTION_BOUNDS = [
  5 * MINUTE,
  15 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  3 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  60 * DAY,
  90 * DAY,
  180 * DAY,
  365 * DAY,
] as const;

/** The days after a follow at which the share still following is reported (each one of RETENTION_BOUNDS). */
export const RETENTION_DAYS = [1, 7, 30] as const;
export type RetentionDays = (typeof RETENTION_DAYS)[number];

/** The curve's points: every bound up to the last reported day. */
export const CURVE_BOUNDS = RETENTION_BOUNDS.filter((b) => b <= RETENTION_DAYS[RETENTION_DAYS.length - 1] * DAY);

/** The 1-based position of a bound in the running counts (ended within it). */
export const boundPosition = (seconds: number): number => {
  const i = RETENTION_BOUNDS.indexOf(seconds as (typeof RETENTION_BOUNDS)[number]);
  if (i < 0) throw new Error(`${seconds} s is not a retention bound`);
  return i + 1;
};

/** A running count's value at a 1-based position (past its end: its last value), as stats_at reads it in SQL. */
export const endedBy = (ended: readonly number[], position: number): number =>
  ended.length === 0 ? 0 : ended[Math.min(position, ended.length) - 1];

/** Every follow that has ended so far. */
export const endedInAll = (ended: readonly number[]): number => ended.at(-1) ?? 0;

/** Two running counts added position by position (stats_add in SQL). */
export function addEnded(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => endedBy(a, i + 1) + endedBy(b, i + 1));
}

/** Of `follows` old enough to tell, how many were still on after `days` days. */
export type Kept = { days: RetentionDays; follows: number; stayed: number; share: number | null };

export const kept = (days: RetentionDays, follows: number, endedWithin: number): Kept => ({
  days,
  follows,
  stayed: follows - endedWithin,
  share: follows === 0 ? null : (follows - endedWithin) / follows,
});

/** The span [from, to) in seconds the median time to unfollow falls in (to null: beyond the last bound). */
export type Span = { from: number; to: number | null };

/**
 * Of the follows that ended, the span holding the median length: that of the ⌈n/2⌉-th shortest.
 * Null when none ended.
 */
export function medianSpan(ended: readonly number[]): Span | null {
  const n = endedInAll(ended);
  if (n === 0) return null;
  const target = Math.ceil(n / 2);
  const position = ended.findIndex((count) => count >= target) + 1;
  return { from: position === 1 ? 0 : RETENTION_BOUNDS[position - 2], to: RETENTION_BOUNDS[position - 1] ?? null };
}

/** What the retention of follows adds up from: their count, and per RETENTION_DAYS those old enough to tell and those that ended within. */
export type RetentionParts = {
  follows: number;
  oldEnough: number[];
  endedWithin: number[];
  /** The running count of all ended follows by length (see RETENTION_BOUNDS). */
  ended: number[];
};

/** How follows through a code held: on the range's days, or on one follow day (a cohort). */
export type Retention = {
  follows: number;
  /** Of them, ended by an unfollow so far. */
  ended: number;
  /** The shares still following after each of RETENTION_DAYS, of the follows at least that old. */
  kept: Kept[];
  medianToUnfollow: Span | null;
};

export function retentionOf(parts: RetentionParts): Retention {
  return {
    follows: parts.follows,
    ended: endedInAll(parts.ended),
    kept: RETENTION_DAYS.map((days, i) => kept(days, parts.oldEnough[i], parts.endedWithin[i])),
    medianToUnfollow: medianSpan(parts.ended),
  };
}

/** The share still following `after` seconds after the follow, of the follows at least that old. */
export type CurvePoint = { after: number; follows: number; stayed: number; share: number | null };

/** The last follow day old enough for each of RETENTION_DAYS on local day `today`: all its follows that many days old. */
export const oldEnoughBy = (today: string): string[] => RETENTION_DAYS.map((days) => addDays(today, -days - 1));

/**
 * The buckets a read of follow days [from, to] takes on local day `today`: the whole weeks (from
 * Monday) in the range whose days are all old enough for the same RETENTION_DAYS, so a week's row
 * reads as its days would, and the other days one by one.
 */
export function retentionBuckets(from: string, to: string, today: string): { weeks: string[]; days: string[] } {
  const lasts = oldEnoughBy(today);
  const { weeksFrom, weeksTo } = splitIntoWeeks(from, to);
  const weeks: string[] = [];
  for (let monday = weeksFrom; monday < weeksTo; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    if (lasts.every((last) => sunday <= last || monday > last)) weeks.push(monday);
  }
  const inWeeks = new Set(weeks.flatMap((monday) => Array.from({ length: 7 }, (_, i) => addDays(monday, i))));
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) if (!inWeeks.has(day)) days.push(day);
  return { weeks, days };
}
