// The statistics' metrics, defined once for the API, its CSV and the dashboard (server and browser).
// A metric's name is its field in the answers of GET /api/stats and /api/stats/series, its column in
// the stats CSV and the key of its texts (`stats.metric.<name>` and `stats.metric.<name>Hint` in
// lib/i18n/messages/stats.ts); the order below is theirs, and that of the dashboard's cards, table
// columns and chart toggles.
//
// A new metric is listed and defined here. One that is counted (no `of`) also needs its SQL where the
// statistics are read (lib/db/stats.ts and lib/db/stats-series.ts ask for it by type), and where they
// are kept if the statistics tables do not hold it yet (the fold, the rebuild and a migration).

export const METRICS = [
  "scans",
  "uniqueScanners",
  "newFollows",
  "newFollowers",
  "unfollows",
  "unfollowers",
  "netFollows",
] as const;
export type Metric = (typeof METRICS)[number];

/** Every metric's value: of a row, the totals or a bucket of the statistics. */
export type Counts = Record<Metric, number>;

type Definition = {
  /** Its colour in cards, legends and charts. */
  color: string;
  /** How it follows from the counted metrics (it reads only those); without it, the statistics queries count it. */
  of?: (counts: Counts) => number;
  /** May fall below zero: shown in red then. */
  signed?: true;
};

export const METRIC = {
  scans: { color: "#059669" },
  uniqueScanners: { color: "#0284c7" },
  newFollows: { color: "#7c3aed" },
  newFollowers: { color: "#a855f7" },
  unfollows: { color: "#e11d48" },
  unfollowers: { color: "#f43f5e" },
  netFollows: { color: "#d97706", of: (c) => c.newFollows - c.unfollows, signed: true },
} satisfies Record<Metric, Definition>;

/** A metric's definition, its optional parts included. */
export const definition = (metric: Metric): Definition => METRIC[metric];

/** The metrics the statistics queries count; the others follow from them. */
export type CountedMetric = { [M in Metric]: (typeof METRIC)[M] extends { of: unknown } ? never : M }[Metric];
export const COUNTED = METRICS.filter((m): m is CountedMetric => !definition(m).of);

/** Every metric, in order, from the counted ones. */
export function countsOf(counted: Record<CountedMetric, number>): Counts {
  const all = counted as Counts;
  return Object.fromEntries(METRICS.map((m) => [m, definition(m).of?.(all) ?? all[m]])) as Counts;
}

/**
 * New followers per unique scanner, or null when nobody scanned: people over people, so never above
 * 100 % (every new follower scanned: a follow through a code is a scan of it).
 */
export function conversion(c: Pick<Counts, "newFollowers" | "uniqueScanners">): number | null {
  return c.uniqueScanners === 0 ? null : c.newFollowers / c.uniqueScanners;
}

/**
 * Shares of the metrics that the dashboard works out and shows after them, as percentages (null
 * when there is nothing to divide by); not in the API's answers. Named and worded as metrics are.
 */
export const RATIOS = ["conversion"] as const;
export type Ratio = (typeof RATIOS)[number];

export const RATIO: Record<Ratio, { color: string; of: (counts: Counts) => number | null }> = {
  conversion: { color: "#475569", of: conversion },
};
