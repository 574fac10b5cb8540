"use client";
import { useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { METRICS, RATIOS, type Counts } from "@/lib/stats/metrics";
import { colorOf, formatValue, intlLocale } from "./format";
import { useMetricDefinition } from "./metric-info";
import { Delta } from "./delta";

/**
 * The range's totals: every metric, then the ratios (the follow conversion). Each card's ⓘ gives
 * the metric's definition on hover and, tapped (phones have no hover), shows it under the value;
 * with `previous`, how it moved against the range before.
 */
export function TotalsCards({ totals, previous, stale }: { totals: Counts; previous?: Counts; stale?: boolean }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const defined = useMetricDefinition();
  const [open, setOpen] = useState<string | null>(null);
  const cards = [...METRICS, ...RATIOS].map((id) => ({
    id,
    label: t(`stats.metric.${id}`),
    ...defined(id),
    value: formatValue(totals, id, locale),
    color: colorOf(id),
  }));
  return (
    <dl className={`grid grid-cols-2 gap-3 sm:grid-cols-4 ${stale ? "opacity-60" : ""}`} data-testid="totals" aria-busy={stale}>
      {cards.map((c) => (
        <div
          key={c.id}
          className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm"
          data-testid={`total-${c.id}`}
          title={c.definition}
        >
          <dt className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
            <span className="inline-block h-2 w-2 shrink-0 rounded-full" style={{ background: c.color }} aria-hidden="true" />
            {c.label}
            <button
              type="button"
              aria-label={c.about}
              aria-expanded={open === c.id}
              title={c.definition}
              onClick={() => setOpen((o) => (o === c.id ? null : c.id))}
              className="cursor-help rounded text-slate-400 hover:text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500"
              data-testid={`about-${c.id}`}
            >
              ⓘ
            </button>
          </dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-value>
            {c.value}
          </dd>
          <dd data-testid={`change-${c.id}`}>
            <Delta now={totals} before={previous} metric={c.id} />
          </dd>
          {open === c.id && <dd className="mt-0.5 text-xs leading-snug text-slate-500">{c.definition}</dd>}
        </div>
      ))}
    </dl>
  );
}
