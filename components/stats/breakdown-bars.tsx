"use client";
import { useId } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { METRIC } from "@/lib/stats/metrics";
import { useElementWidth } from "./use-element-width";
import { fitText } from "./scale";
import { formatCount, intlLocale } from "./format";

export type BarRow = { key: string; label: string; scans: number; newFollows: number };

const ROW = 40;
const BAR = 12;
const TOP = 4;
const VALUE_SPACE = 48;
const MAX_ROWS = 10;

/** Horizontal bars: scans and new follows per row, largest first, at most ten rows. */
export function BreakdownBars({ rows, label }: { rows: BarRow[]; label: string }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const id = useId();
  const [ref, width] = useElementWidth<HTMLDivElement>(420);
  const shown = [...rows].sort((a, b) => b.scans - a.scans || b.newFollows - a.newFollows).slice(0, MAX_ROWS);
  const labelWidth = Math.min(150, Math.max(80, Math.round(width * 0.32)));
  const barSpace = Math.max(20, width - labelWidth - VALUE_SPACE);
  const max = Math.max(1, ...shown.map((r) => Math.max(r.scans, r.newFollows)));
  const length = (v: number) => (v === 0 ? 0 : Math.max(2, (v / max) * barSpace));
  const height = TOP + shown.length * ROW;

  return (
    <div ref={ref} className="w-full" data-testid="breakdown-bars">
      <div className="mb-2 flex flex-wrap items-center gap-4 text-xs text-slate-600" aria-hidden="true">
        {(["scans", "newFollows"] as const).map((m) => (
          <span key={m} className="flex items-center gap-1.5">
            <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: METRIC[m].color }} />
            {t(`stats.metric.${m}`)}
          </span>
        ))}
        {rows.length > MAX_ROWS && (
          <span className="text-slate-400">{t("stats.bars.top", { n: MAX_ROWS, total: rows.length })}</span>
        )}
      </div>
      <svg width={width} height={height} role="img" aria-labelledby={`${id}-title`} className="block">
        <title id={`${id}-title`}>{label}</title>
        {shown.map((r, i) => {
          const top = TOP + i * ROW;
          return (
            <g key={r.key} data-row={r.label}>
              <title>{`${r.label}: ${t("stats.metric.scans")} ${formatCount(r.scans, locale)}, ${t("stats.metric.newFollows")} ${formatCount(r.newFollows, locale)}`}</title>
              <rect x={0} y={top - 2} width={width} height={ROW - 4} fill="transparent" />
              <text x={labelWidth - 8} y={top + BAR + 1} textAnchor="end" fontSize={12} fill="#334155">
                {fitText(r.label, labelWidth - 8)}
              </text>
              <rect x={labelWidth} y={top} width={length(r.scans)} height={BAR} rx={2} fill={METRIC.scans.color} />
              <text x={labelWidth + length(r.scans) + 4} y={top + BAR / 2} dy="0.32em" fontSize={11} fill="#334155">
                {formatCount(r.scans, locale)}
              </text>
              <rect
                x={labelWidth}
                y={top + BAR + 3}
                width={length(r.newFollows)}
                height={BAR}
                rx={2}
                fill={METRIC.newFollows.color}
              />
              <text
                x={labelWidth + length(r.newFollows) + 4}
                y={top + BAR + 3 + BAR / 2}
                dy="0.32em"
                fontSize={11}
                fill="#334155"
              >
                {formatCount(r.newFollows, locale)}
              </text>
            </g>
          );
        })}
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={height} stroke="#cbd5e1" />
      </svg>
    </div>
  );
}
