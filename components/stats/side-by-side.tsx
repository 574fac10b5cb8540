"use client";
import { useId } from "react";
import { useT } from "@/lib/i18n/client";
import { METRICS, type Metric } from "@/lib/stats/metrics";
import type { StatsGroup } from "@/lib/stats/groups";
import { LINE_COLORS, NO_CAMPAIGN_KEY, SIDE_BY_SIDE_MAX, SIDE_BY_SIDE_MIN } from "@/lib/stats/side-by-side";
import type { SeriesInterval } from "@/lib/db/stats-series";
import { Card, ErrorState, Loading, Select } from "@/components/ui";
import { useSeriesLines, type Live } from "./data";
import { LineChart } from "./series-chart";
import type { SeriesLinesAnswer } from "@/lib/api/stats-answers";

/** A picked row's line colour: the palette in the order the rows were picked. */
export const lineColor = (keys: readonly string[], key: string): string | undefined => {
  const at = keys.indexOf(key);
  return at === -1 ? undefined : LINE_COLORS[at % LINE_COLORS.length];
};

/**
 * The rows ticked in the breakdown, a line each for one metric, on one chart: a legend of their
 * names (each can be taken off), the metric to compare, by day or hour as the trend above.
 */
export function SideBySide({
  path,
  keys,
  groupBy,
  metric,
  interval,
  range,
  swr,
  onMetric,
  onUnpick,
}: {
  /** GET /api/stats/series with the keys; null while fewer than two are picked. */
  path: string | null;
  keys: readonly string[];
  groupBy: StatsGroup;
  metric: Metric;
  interval: SeriesInterval;
  /** The range as the page names it, for the chart's accessible name. */
  range: string;
  swr: Live<SeriesLinesAnswer>;
  onMetric: (metric: Metric) => void;
  onUnpick: (key: string) => void;
}) {
  const t = useT();
  const id = useId();
  const lines = useSeriesLines(path, swr);
  const stale = lines.data !== undefined && lines.isLoading; // keepPreviousData: the answer to the keys or range before
  const labelOf = (key: string, label: string) =>
    groupBy === "campaign" && key === NO_CAMPAIGN_KEY ? t("stats.noCampaign") : label;
  const shown = lines.data?.lines ?? [];
  const nothing = shown.length > 0 && shown.every((l) => l.points.every((p) => p[metric] === 0));

  return (
    <Card
      title={`${t("stats.side.title")} · ${t(interval === "hour" ? "stats.chart.byHour" : "stats.chart.byDay")}`}
      actions={
        <div className="flex items-center gap-2 text-xs text-slate-600">
          <label htmlFor={`${id}-metric`}>{t("stats.side.metric")}</label>
          <Select
            id={`${id}-metric`}
            value={metric}
            onChange={(e) => onMetric(e.target.value as Metric)}
            className="py-1 text-sm"
            data-testid="side-metric"
          >
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`stats.metric.${m}`)}
              </option>
            ))}
          </Select>
        </div>
      }
    >
      <div data-testid="side-by-side">
        {keys.length < SIDE_BY_SIDE_MIN ? (
          // Not the page's EmptyState: that one says the whole view is empty.
          <div className="rounded-lg border border-dashed border-slate-300 px-6 py-8 text-center" data-testid="side-empty">
            <p className="font-medium text-slate-700">
              {t(keys.length === 0 ? "stats.side.emptyTitle" : "stats.side.oneMoreTitle")}
            </p>
            <p className="mt-1 text-sm text-slate-500">
              {t("stats.side.emptyHint", { min: SIDE_BY_SIDE_MIN, max: SIDE_BY_SIDE_MAX })}
            </p>
          </div>
        ) : lines.error ? (
          <ErrorState error={lines.error} onRetry={() => lines.mutate()} />
        ) : lines.data ? (
          <div className={stale ? "opacity-50 transition-opacity" : "transition-opacity"} aria-busy={stale}>
            <ul
              className="mb-3 flex flex-wrap gap-x-3 gap-y-1.5 text-sm"
              data-testid="side-legend"
              aria-label={t("stats.side.legend")}
            >
              {shown.map((line) => {
                const name = labelOf(line.key, line.label);
                return (
                  <li
                    key={line.key}
                    className="flex min-w-0 max-w-full items-center gap-1.5 rounded-full border border-slate-200 py-0.5 pl-2 pr-1"
                    data-key={line.key}
                  >
                    <span
                      className="inline-block h-2.5 w-2.5 shrink-0 rounded-full"
                      style={{ background: lineColor(keys, line.key) }}
                      aria-hidden="true"
                    />
                    <span className="max-w-48 truncate text-slate-800" title={name}>
                      {name}
                    </span>
                    <button
                      type="button"
                      onClick={() => onUnpick(line.key)}
                      aria-label={t("stats.side.unpick", { name })}
                      title={t("stats.side.unpick", { name })}
                      className="rounded-full px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500"
                    >
                      ×
                    </button>
                  </li>
                );
              })}
            </ul>
            {nothing && (
              <p className="mb-2 text-sm text-slate-500" data-testid="side-nothing">
                {t("stats.side.nothing", { metric: t(`stats.metric.${metric}`) })}
              </p>
            )}
            <LineChart
              testId="side-chart"
              buckets={shown[0]?.points ?? []}
              interval={lines.data.interval}
              lines={shown.map((line) => ({
                id: line.key,
                name: labelOf(line.key, line.label),
                color: lineColor(keys, line.key) ?? LINE_COLORS[0],
                values: line.points.map((p) => p[metric]),
              }))}
              label={t("stats.side.label", { metric: t(`stats.metric.${metric}`), range })}
            />
          </div>
        ) : (
          <Loading />
        )}
      </div>
    </Card>
  );
}
