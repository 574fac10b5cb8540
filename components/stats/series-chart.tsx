"use client";
import { useId, useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { METRIC, type Metric } from "@/lib/stats/metrics";
import type { SeriesInterval, SeriesPoint } from "@/lib/db/stats-series";
import { useElementWidth } from "./use-element-width";
import { niceTicks } from "./scale";
import { begunBuckets, longBucket, shortBucket } from "./dates";
import { formatCount, intlLocale } from "./format";

const HEIGHT = 280;
const MARGIN = { top: 14, right: 16, bottom: 46, left: 56 };

/** A line of a chart: one value per bucket. */
export type ChartLine = { id: string; name: string; color: string; values: number[] };

/** The chosen metrics of the series, a line each in the metric's colour. */
export function SeriesChart({
  points,
  metrics,
  interval,
  label,
  now,
}: {
  points: SeriesPoint[];
  metrics: Metric[];
  interval: SeriesInterval;
  label: string;
  /** What counts as already begun (a test's clock); the browser's now otherwise. */
  now?: number;
}) {
  const t = useT();
  const lines = metrics.map((m) => ({
    id: m,
    name: t(`stats.metric.${m}`),
    color: METRIC[m].color,
    values: points.map((p) => p[m]),
  }));
  return <LineChart buckets={points} lines={lines} interval={interval} label={label} now={now} />;
}

/**
 * A line chart per bucket, drawn at the container's width. Every bucket has a hover band with a
 * <title> (screen readers and native tooltips) and a visible tooltip. Buckets still to come keep
 * their place on the axis but draw no line or point.
 */
export function LineChart({
  buckets,
  lines,
  interval,
  label,
  now = Date.now(),
  testId = "series-chart",
}: {
  /** The buckets, oldest first, each with its start instant. */
  buckets: Pick<SeriesPoint, "bucket" | "start">[];
  /** Each line's values, one per bucket. */
  lines: ChartLine[];
  interval: SeriesInterval;
  label: string;
  now?: number;
  testId?: string;
}) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const id = useId();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);

  const plotWidth = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const begun = begunBuckets(buckets, now);
  const past = (line: ChartLine) => line.values.slice(0, begun);
  const values = lines.flatMap(past);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(1, ...values), 5);
  const yMin = ticks[0];
  const yMax = ticks[ticks.length - 1];
  const y = (v: number) => MARGIN.top + plotHeight - ((v - yMin) / (yMax - yMin)) * plotHeight;
  const band = plotWidth / Math.max(1, buckets.length);
  const x = (i: number) => MARGIN.left + band * (i + 0.5);
  const labelWidth = interval === "hour" ? 40 : 48;
  const labelEvery = Math.max(1, Math.ceil(buckets.length / Math.max(1, Math.floor(plotWidth / labelWidth))));
  const shown = (i: number, line: ChartLine) => (i < begun ? formatCount(line.values[i], locale) : "—");
  const describe = (b: { bucket: string }, i: number) =>
    `${longBucket(b.bucket)}: ${lines.map((line) => `${line.name} ${shown(i, line)}`).join(", ")}`;
  const hovered = hover === null ? null : buckets[hover];

  return (
    <div ref={ref} className="relative w-full" data-testid={testId}>
      <svg width={width} height={HEIGHT} role="img" aria-labelledby={`${id}-title`} className="block select-none">
        <title id={`${id}-title`}>{label}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#94a3b8" : "#e2e8f0"} />
            <text x={MARGIN.left - 8} y={y(v)} dy="0.32em" textAnchor="end" fontSize={11} fill="#64748b">
              {formatCount(v, locale)}
            </text>
          </g>
        ))}
        {buckets.map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={p.bucket} x={x(i)} y={MARGIN.top + plotHeight + 16} textAnchor="middle" fontSize={11} fill="#64748b">
              {shortBucket(p.bucket)}
            </text>
          ) : null,
        )}
        <text x={MARGIN.left + plotWidth / 2} y={HEIGHT - 6} textAnchor="middle" fontSize={12} fill="#475569">
          {t(interval === "hour" ? "stats.chart.axisHour" : "stats.chart.axisDay")}
        </text>
        <text
          transform={`translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)`}
          textAnchor="middle"
          fontSize={12}
          fill="#475569"
        >
          {t("stats.chart.axisCount")}
        </text>

        {hover !== null && <line x1={x(hover)} x2={x(hover)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} stroke="#cbd5e1" />}
        {lines.map((line) => (
          <g key={line.id} data-line={line.id}>
            <polyline
              fill="none"
              stroke={line.color}
              strokeWidth={2}
              strokeLinejoin="round"
              points={past(line)
                .map((v, i) => `${x(i)},${y(v)}`)
                .join(" ")}
            />
            {(buckets.length <= 62 || hover !== null) &&
              past(line).map((v, i) =>
                buckets.length <= 62 || i === hover ? (
                  <circle
                    key={buckets[i].bucket}
                    cx={x(i)}
                    cy={y(v)}
                    r={i === hover ? 4.5 : 3}
                    fill="#fff"
                    stroke={line.color}
                    strokeWidth={2}
                  />
                ) : null,
              )}
          </g>
        ))}
        {buckets.map((p, i) => (
          // biome-ignore lint/a11y/noStaticElementInteractions: hovering only highlights a bucket; its values are in the rect's <title> and in the table
          <rect
            key={p.bucket}
            x={MARGIN.left + band * i}
            y={MARGIN.top}
            width={band}
            height={plotHeight}
            fill="transparent"
            onMouseEnter={() => setHover(i)}
            onMouseLeave={() => setHover((h) => (h === i ? null : h))}
          >
            <title>{describe(p, i)}</title>
          </rect>
        ))}
      </svg>
      {hovered && hover !== null && (
        <div
          className="pointer-events-none absolute top-2 z-10 min-w-36 rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs shadow-md"
          style={x(hover) > width / 2 ? { right: width - x(hover) + 12 } : { left: x(hover) + 12 }}
          aria-hidden="true"
        >
          <p className="mb-1 font-medium text-slate-800">{longBucket(hovered.bucket)}</p>
          {lines.map((line) => (
            <p key={line.id} className="flex items-center justify-between gap-3 text-slate-600">
              <span className="flex min-w-0 items-center gap-1.5">
                <span className="inline-block h-2 w-2 shrink-0 rounded-full" style={{ background: line.color }} />
                <span className="max-w-40 truncate">{line.name}</span>
              </span>
              <span className="font-medium tabular-nums text-slate-900">{shown(hover, line)}</span>
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
