"use client";
import { useLocale, useT } from "@/lib/i18n/client";
import { METRICS, RATIOS, type Counts } from "@/lib/stats/metrics";
import { colorOf, formatValue, intlLocale } from "./format";

/** The range's totals: every metric, then the ratios (the follow conversion). */
export function TotalsCards({ totals, stale }: { totals: Counts; stale?: boolean }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const cards = [...METRICS, ...RATIOS].map((id) => ({
    id,
    label: t(`stats.metric.${id}`),
    hint: t(`stats.metric.${id}Hint`),
    value: formatValue(totals, id, locale),
    color: colorOf(id),
  }));
  return (
    <dl
      className={`grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6 ${stale ? "opacity-60" : ""}`}
      data-testid="totals"
      aria-busy={stale}
    >
      {cards.map((c) => (
        <div
          key={c.id}
          className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm"
          data-testid={`total-${c.id}`}
          title={c.hint}
        >
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
