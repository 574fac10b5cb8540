export const METRICS = ["scans", "uniqueScanners", "newFollows", "unfollows", "netFollows"] as const;
export type Metric = (typeof METRICS)[number];
export type Counts = Record<Metric, number>;

/** One colour per metric, the same in cards, legends and charts. */
export const METRIC_COLORS: Record<Metric, string> = {
  scans: "#059669",
  uniqueScanners: "#0284c7",
  newFollows: "#7c3aed",
  unfollows: "#e11d48",
  netFollows: "#d97706",
};

/** New follows per unique scanner, or null when nobody scanned. */
export function conversion(c: Pick<Counts, "newFollows" | "uniqueScanners">): number | null {
  return c.uniqueScanners === 0 ? null : c.newFollows / c.uniqueScanners;
}

export function formatPercent(value: number | null, locale: string): string {
  if (value === null) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export const intlLocale = (locale: string) => (locale === "zh" ? "zh-CN" : "en-US");
