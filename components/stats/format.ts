import { definition, RATIO, RATIOS, type Counts, type Metric, type Ratio } from "@/lib/stats/metrics";

export function formatPercent(value: number | null, locale: string): string {
  if (value === null) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export const intlLocale = (locale: string) => (locale === "zh" ? "zh-CN" : "en-US");

/** `08:24:05` on the account's clock (the page's days and hours are the account's, not the browser's). */
export const formatClock = (at: Date, locale: string, timeZone: string): string =>
  new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(at);

// A metric or a ratio as the dashboard's cards and table show it.
export const isRatio = (key: Metric | Ratio): key is Ratio => (RATIOS as readonly string[]).includes(key);

/** The value to sort by; a ratio with nothing to divide by sorts below every share. */
export const sortValue = (counts: Counts, key: Metric | Ratio): number =>
  isRatio(key) ? (RATIO[key].of(counts) ?? -1) : counts[key];

export const formatValue = (counts: Counts, key: Metric | Ratio, locale: string): string =>
  isRatio(key) ? formatPercent(RATIO[key].of(counts), locale) : formatCount(counts[key], locale);

export const colorOf = (key: Metric | Ratio): string => (isRatio(key) ? RATIO[key] : definition(key)).color;

/** Below zero where that means a loss (shown in red). */
export const isLoss = (counts: Counts, key: Metric | Ratio): boolean =>
  !isRatio(key) && definition(key).signed === true && counts[key] < 0;
