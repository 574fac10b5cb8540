import { addDays } from "@/lib/validation/stats";

export { addDays };

// Calendar arithmetic on YYYY-MM-DD days. "Today" is the account's, not the browser's.

export const PRESETS = ["today", "yesterday", "7d", "30d", "month"] as const;
export type Preset = (typeof PRESETS)[number];
export type DayRange = { from: string; to: string };

export function isPreset(value: unknown): value is Preset {
  return typeof value === "string" && (PRESETS as readonly string[]).includes(value);
}

/** The calendar day it is now in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function presetRange(preset: Preset, today: string): DayRange {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday":
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "month":
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

export function includesDay(range: DayRange, day: string): boolean {
  return range.from <= day && day <= range.to;
}

/** `2026-03-15` → `03-15`; `2026-03-15T13:00` → `13:00`. */
export function shortBucket(bucket: string): string {
  return bucket.includes("T") ? bucket.slice(11, 16) : bucket.slice(5, 10);
}

/** `2026-03-15T13:00` → `2026-03-15 13:00–14:00`; days stay as they are. */
export function longBucket(bucket: string): string {
  if (!bucket.includes("T")) return bucket;
  const hour = Number(bucket.slice(11, 13));
  const next = String((hour + 1) % 24).padStart(2, "0");
  return `${bucket.slice(0, 10)} ${bucket.slice(11, 16)}–${next}:00`;
}

/**
 * How many of the buckets (oldest first, each with its start instant) have begun by `now`: the
 * later ones, the rest of today, have no value yet and are not drawn as zeros.
 */
export function begunBuckets(points: { start: string }[], now: number): number {
  const first = points.findIndex((p) => Date.parse(p.start) > now);
  return first === -1 ? points.length : first;
}
