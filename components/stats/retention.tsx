"use client";
import { useId, useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import type { RetentionAnswer } from "@/lib/api/stats-answers";
import type { CurvePoint, Kept, Retention } from "@/lib/stats/retention";
import { Card, ErrorState, Loading } from "@/components/ui";
import { useRetention, type Live } from "./data";
import { useElementWidth } from "./use-element-width";
import { formatCount, formatPercent, intlLocale } from "./format";
import { formatLength, formatSpan } from "./retention-format";

/**
 * How the follows of the range's days held: the shares still following after 1, 7 and 30 days and
 * the median time to unfollow, the curve, each follow day's cohort, and the same per group.
 */
export function RetentionCard({
  path,
  live,
  rangeText,
  groupName,
  rowLabel,
}: {
  path: string;
  live: Live<RetentionAnswer>;
  rangeText: string;
  groupName: string;
  /** A group row's name as the page shows it ("" is "no campaign"). */
  rowLabel: (row: { key: string; label: string }) => string;
}) {
  const t = useT();
  const retention = useRetention(path, live);
  const data = retention.data;
  return (
    <Card
      title={
        <span className="flex items-center gap-1.5">
          {t("retention.title")}
          <span
            role="img"
            aria-label={t("retention.hint")}
            title={t("retention.hint")}
            className="cursor-help text-sm text-slate-400"
          >
            ⓘ
          </span>
        </span>
      }
    >
      <div data-testid="retention">
        {retention.error ? (
          <ErrorState error={retention.error} onRetry={() => retention.mutate()} />
        ) : !data ? (
          <Loading />
        ) : data.totals.follows === 0 ? (
          <p className="rounded-md bg-slate-50 p-4 text-sm text-slate-600" data-testid="retention-empty">
            {t("retention.empty")}
          </p>
        ) : (
          <div className="flex flex-col gap-5">
            <RetentionTiles totals={data.totals} />
            <RetentionCurve curve={data.curve} label={t("retention.curve.label", { range: rangeText })} />
            <div className="grid grid-cols-1 gap-5 xl:grid-cols-2">
              <section>
                <h3 className="mb-2 text-sm font-medium text-slate-700">{t("retention.cohorts.title")}</h3>
                <RetentionTable
                  testId="retention-cohorts"
                  nameColumn={t("retention.cohorts.day")}
                  rows={data.cohorts.map((c) => ({ key: c.day, name: c.day, retention: c }))}
                />
              </section>
              <section>
                <h3 className="mb-2 text-sm font-medium text-slate-700">{t("retention.groups.title", { group: groupName })}</h3>
                <RetentionTable
                  testId="retention-groups"
                  nameColumn={groupName}
                  rows={data.rows.map((r) => ({ key: r.key, name: rowLabel(r), retention: r }))}
                />
              </section>
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}

function RetentionTiles({ totals }: { totals: Retention }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const tile = "rounded-lg border border-slate-200 p-3";
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {totals.kept.map((k) => (
        <div key={k.days} className={tile} data-testid={`retention-after-${k.days}`}>
          <div className="text-xs text-slate-500" title={t("retention.afterHint", { days: k.days })}>
            {t("retention.after", { days: k.days })}
          </div>
          <div className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">
            {k.share === null ? t("retention.unknown") : formatPercent(k.share, locale)}
          </div>
          <div className="text-xs text-slate-500">
            {k.follows === 0
              ? t("retention.tooRecent", { days: k.days })
              : t("retention.of", { stayed: formatCount(k.stayed, locale), follows: formatCount(k.follows, locale) })}
          </div>
        </div>
      ))}
      <div className={tile} data-testid="retention-median">
        <div className="text-xs text-slate-500" title={t("retention.medianHint")}>
          {t("retention.median")}
        </div>
        <div className="mt-1 text-2xl font-semibold text-slate-900">
          {totals.medianToUnfollow ? formatSpan(totals.medianToUnfollow, t) : t("retention.unknown")}
        </div>
        <div className="text-xs text-slate-500">
          {totals.ended === 0 ? t("retention.noneEnded") : t("retention.medianOf", { ended: formatCount(totals.ended, locale) })}
        </div>
      </div>
    </div>
  );
}

const HEIGHT = 220;
const MARGIN = { top: 12, right: 16, bottom: 40, left: 44 };
const CURVE_COLOR = "#7c3aed";

/** The share still following at each time after the follow, from 100 % at the follow; points nobody is old enough for are left out. */
function RetentionCurve({ curve, label }: { curve: CurvePoint[]; label: string }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const id = useId();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);
  const points: (CurvePoint | null)[] = [null, ...curve]; // position 0: the follow itself
  const plotWidth = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (plotWidth * i) / (points.length - 1);
  const y = (share: number) => MARGIN.top + plotHeight * (1 - share);
  const shareAt = (i: number) => (i === 0 ? 1 : (points[i]?.share ?? null));
  const labelEvery = plotWidth / points.length < 44 ? 2 : 1;
  const known = points.map((_, i) => i).filter((i) => shareAt(i) !== null);
  const line = known.map((i, n) => `${n === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(shareAt(i)!).toFixed(1)}`).join(" ");
  const describe = (p: CurvePoint) =>
    p.share === null
      ? `${formatLength(p.after, t)}: ${t("retention.unknownHint")}`
      : t("retention.curve.point", {
          after: formatLength(p.after, t),
          share: formatPercent(p.share, locale),
          stayed: formatCount(p.stayed, locale),
          follows: formatCount(p.follows, locale),
        });
  const hovered = hover === null ? null : points[hover];
  return (
    <div ref={ref} className="relative w-full" data-testid="retention-curve">
      <h3 className="mb-1 text-sm font-medium text-slate-700">{t("retention.curve.title")}</h3>
      <svg width={width} height={HEIGHT} role="img" aria-labelledby={`${id}-title`} className="block select-none">
        <title id={`${id}-title`}>{label}</title>
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={MARGIN.left - 6} y={y(v) + 4} textAnchor="end" className="fill-slate-500 text-[11px]">
              {formatPercent(v, locale)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % labelEvery === 0 || i === points.length - 1 ? (
            <text
              key={p?.after ?? 0}
              x={x(i)}
              y={HEIGHT - MARGIN.bottom + 16}
              textAnchor="middle"
              className="fill-slate-500 text-[11px]"
            >
              {p ? formatLength(p.after, t) : "0"}
            </text>
          ) : null,
        )}
        <path d={line} fill="none" stroke={CURVE_COLOR} strokeWidth={2} data-testid="retention-line" />
        {known.map((i) => (
          <circle key={i} cx={x(i)} cy={y(shareAt(i)!)} r={hover === i ? 5 : 3} fill={CURVE_COLOR} />
        ))}
        {points.map((p, i) =>
          p ? (
            // biome-ignore lint/a11y/noStaticElementInteractions: hovering only highlights a point; its value is in the rect's <title> and in the tables
            <rect
              key={p.after}
              x={x(i) - plotWidth / points.length / 2}
              y={MARGIN.top}
              width={plotWidth / points.length}
              height={plotHeight}
              fill="transparent"
              onMouseEnter={() => setHover(i)}
              onMouseLeave={() => setHover(null)}
            >
              <title>{describe(p)}</title>
            </rect>
          ) : null,
        )}
      </svg>
      <p className="min-h-5 text-xs text-slate-600" aria-live="polite" data-testid="retention-curve-detail">
        {hovered ? describe(hovered) : ""}
      </p>
    </div>
  );
}

/** A share as a cell: its percentage on a violet wash as strong as the share, or "—" while too recent. */
function KeptCell({ kept }: { kept: Kept }) {
  const t = useT();
  const locale = intlLocale(useLocale());
  if (kept.share === null)
    return (
      <td className="px-2 py-1.5 text-right text-slate-400" title={t("retention.unknownHint")}>
        {t("retention.unknown")}
      </td>
    );
  return (
    <td
      className="px-2 py-1.5 text-right tabular-nums"
      style={{ background: `rgba(124, 58, 237, ${(0.06 + 0.4 * kept.share).toFixed(3)})` }}
      title={t("retention.of", { stayed: formatCount(kept.stayed, locale), follows: formatCount(kept.follows, locale) })}
    >
      {formatPercent(kept.share, locale)}
    </td>
  );
}

function RetentionTable({
  rows,
  nameColumn,
  testId,
}: {
  rows: { key: string; name: string; retention: Retention }[];
  nameColumn: string;
  testId: string;
}) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const head = "whitespace-nowrap px-2 py-2 font-medium";
  return (
    <div className="max-h-96 overflow-auto rounded border border-slate-100">
      <table className="w-full text-sm" data-testid={testId}>
        <thead className="sticky top-0 bg-white">
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            <th scope="col" className={head}>
              {nameColumn}
            </th>
            <th scope="col" className={`${head} text-right`}>
              {t("retention.col.follows")}
            </th>
            {rows[0]?.retention.kept.map((k) => (
              <th key={k.days} scope="col" className={`${head} text-right`} title={t("retention.afterHint", { days: k.days })}>
                {t("retention.col.after", { days: k.days })}
              </th>
            ))}
            <th scope="col" className={`${head} text-right`} title={t("retention.medianHint")}>
              {t("retention.col.median")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, name, retention }) => (
            <tr key={key} className="border-b border-slate-100" data-testid={`${testId}-row`}>
              <th scope="row" className="max-w-48 truncate px-2 py-1.5 text-left font-normal text-slate-700" title={name}>
                {name}
              </th>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatCount(retention.follows, locale)}</td>
              {retention.kept.map((k) => (
                <KeptCell key={k.days} kept={k} />
              ))}
              <td className="whitespace-nowrap px-2 py-1.5 text-right text-slate-700">
                {retention.medianToUnfollow ? formatSpan(retention.medianToUnfollow, t) : t("retention.unknown")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
