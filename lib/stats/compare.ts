import { rangeDays } from "@/lib/validation/stats";
import type { Metric } from "./metrics";

// A range against the one before it: the same number of days, ending the day before it starts.

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The range of equal length just before [from, to]. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  return { from: shift(from, -rangeDays(from, to)), to: shift(from, -1) };
}

/** How a value moved from the previous range: the difference, and the share of the old value (null when it was 0). */
export function change(now: number, before: number): { diff: number; share: number | null } {
  return { diff: now - before, share: before === 0 ? null : (now - before) / before };
}

/** Metrics for which a rise is bad news (shown in red). */
export const RISE_IS_BAD: ReadonlySet<Metric> = new Set(["unfollows", "unfollowers"]);
