"use client";
import { useLocale, useT } from "@/lib/i18n/client";
import { METRICS, METRIC_COLORS, conversion, formatCount, formatPercent, intlLocale, type Counts } from "./metrics";

/** The range's totals: five counts and the follow conversion. */
export function TotalsCards({ totals, stale }: { totals: Counts; stale?: boolean }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const cards = [
    ...METRICS.map((m) => ({ id: m, label: t(`stats.metric.${m}`), hint: t(`stats.metric.${m}Hint`), value: formatCount(totals[m], locale), color: METRIC_COLORS[m] })),
    { id: "conversion", label: t("stats.metric.conversion"), hint: t("stats.metric.conversionHint"), value: formatPercent(conversion(totals), locale), color: "#475569" },
  ];
  return (
    <dl className={`grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6 ${stale ? "opacity-60" : ""}`} data-testid="totals" aria-busy={stale}>
      {cards.map((c) => (
        <div key={c.id} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid={`total-${c.id}`} title={c.hint}>
          <dt className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: c.color }} aria-hidden="true" />
            {c.label}
          </dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-value>
            {c.value}
          </dd>
          <dd className="mt-0.5 text-xs leading-snug text-slate-400">{c.hint}</dd>
        </div>
      ))}
    </dl>
  );
}
