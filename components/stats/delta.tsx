"use client";
import { useLocale, useT } from "@/lib/i18n/client";
import { change, RISE_IS_BAD } from "@/lib/stats/compare";
import { RATIO, type Counts, type Metric, type Ratio } from "@/lib/stats/metrics";
import { intlLocale, isRatio } from "./format";

/**
 * How a value moved against the previous range: "▲12 (8.3%)" for a metric, "▼4.5 pts" for a ratio,
 * green when it is good news, red when bad, grey when unchanged; nothing when there is nothing to compare.
 */
export function Delta({ now, before, metric }: { now: Counts; before: Counts | undefined; metric: Metric | Ratio }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  if (!before) return null;
  let diff: number;
  let words: string;
  if (isRatio(metric)) {
    const [a, b] = [RATIO[metric].of(now), RATIO[metric].of(before)];
    if (a === null || b === null) return null;
    diff = a - b;
    words = t("stats.compare.points", { n: magnitude(diff * 100, locale, 1) });
  } else {
    const moved = change(now[metric], before[metric]);
    diff = moved.diff;
    const share = moved.share === null ? "" : ` (${magnitude(moved.share * 100, locale, 1)}%)`;
    words = `${magnitude(diff, locale, 0)}${share}`;
  }
  const good = RISE_IS_BAD.has(metric as Metric) ? diff < 0 : diff > 0;
  const tone = diff === 0 ? "text-slate-400" : good ? "text-emerald-700" : "text-rose-600";
  return (
    <span className={`block text-[11px] font-normal tabular-nums ${tone}`} data-testid="delta" data-diff={diff}>
      {diff > 0 ? "▲" : diff < 0 ? "▼" : "±"}
      {words}
    </span>
  );
}

/** A magnitude: the arrow before it tells the direction. */
function magnitude(value: number, locale: string, digits: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(Math.abs(value));
}
