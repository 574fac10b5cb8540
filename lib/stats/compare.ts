import { addDays, rangeDays } from "@/lib/validation/stats";
import type { Metric } from "./metrics";

// A range against the one before it: the same number of days, ending the day before it starts.

/** The range of equal length just before [from, to]. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  return { from: addDays(from, -rangeDays(from, to)), to: addDays(from, -1) };
}

/** How a value moved from the previous range: the difference, and the share of the old value (null when it was 0). */
export function change(now: number, before: number): { diff: number; share: number | null } {
  return { diff: now - before, share: before === 0 ? null : (now - before) / before };
}

/** Metrics for which a rise is bad news (shown in red). */
export const RISE_IS_BAD: ReadonlySet<Metric> = new Set(["unfollows", "unfollowers"]);
