/** What the statistics break down by: a row per channel, campaign or code. */
export const STATS_GROUPS = ["channel", "campaign", "qrcode"] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export const isStatsGroup = (value: unknown): value is StatsGroup => (STATS_GROUPS as readonly unknown[]).includes(value);
