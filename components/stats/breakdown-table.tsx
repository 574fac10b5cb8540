"use client";
import { useMemo, useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { Badge } from "@/components/ui";
import { METRICS, RATIOS, type Counts, type Metric, type Ratio } from "@/lib/stats/metrics";
import { formatCount, formatValue, intlLocale, isLoss, sortValue } from "./format";
import { MetricInfo } from "./metric-info";
import { Delta } from "./delta";
import { SIDE_BY_SIDE_MAX, SIDE_BY_SIDE_MIN } from "@/lib/stats/side-by-side";

export type TableRow = Counts & { key: string; label: string; canOpen: boolean; live?: boolean };

type SortKey = "label" | Metric | Ratio;
/** Rows shown before "show all": a page of 2,000 codes would otherwise draw 14,000 cells at once. */
export const FIRST_ROWS = 100;
const NUMERIC = [...METRICS, ...RATIOS];
/** A row the range before did not have: it counted nothing then. */
const ZERO = Object.fromEntries(METRICS.map((m) => [m, 0])) as Counts;

function value(row: TableRow, key: SortKey): number | string {
  return key === "label" ? row.label : sortValue(row, key);
}

/** Rows ticked to be shown side by side: their keys in the order ticked, and each line's colour. */
export type RowPicks = {
  keys: readonly string[];
  colorOf: (key: string) => string | undefined;
  onToggle: (row: TableRow) => void;
};

/**
 * The breakdown rows with sortable columns; a row's name opens it (drill-down) when it can be
 * opened; with `picks`, a box per row ticks it for the side-by-side chart (SIDE_BY_SIDE_MAX at most).
 */
export function BreakdownTable({
  rows,
  totals,
  previous,
  nameColumn,
  openLabel,
  onOpen,
  picks,
}: {
  rows: TableRow[];
  totals: Counts;
  /** The range before, by row key, and its totals: each cell then shows how it moved. */
  previous?: { rows: ReadonlyMap<string, Counts>; totals: Counts };
  nameColumn: string;
  openLabel: (row: TableRow) => string;
  onOpen: (row: TableRow) => void;
  picks?: RowPicks;
}) {
  const t = useT();
  const locale = intlLocale(useLocale());
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "scans", descending: true });
  const [all, setAll] = useState(false);
  const sorted = useMemo(() => {
    const byName = new Intl.Collator(locale);
    return [...rows].sort((a, b) => {
      const va = value(a, sort.key);
      const vb = value(b, sort.key);
      const order = typeof va === "string" ? byName.compare(va, String(vb)) : va - (vb as number);
      return (sort.descending ? -order : order) || byName.compare(a.label, b.label);
    });
  }, [rows, sort, locale]);
  const shown = all ? sorted : sorted.slice(0, FIRST_ROWS);
  const columns: { key: SortKey; label: string }[] = [
    { key: "label", label: nameColumn },
    ...NUMERIC.map((key) => ({ key, label: t(`stats.metric.${key}`) })),
  ];
  const full = picks !== undefined && picks.keys.length >= SIDE_BY_SIDE_MAX;
  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key !== "label" }));

  return (
    <div className="relative overflow-x-auto">
      {picks && (
        <p className={`mb-1 text-xs ${full ? "text-amber-700" : "text-slate-500"}`} data-testid="pick-hint" aria-live="polite">
          {full
            ? t("stats.side.full", { max: SIDE_BY_SIDE_MAX })
            : t("stats.side.picked", { n: picks.keys.length, min: SIDE_BY_SIDE_MIN, max: SIDE_BY_SIDE_MAX })}
        </p>
      )}
      <table className="w-full text-sm" data-testid="breakdown-table">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            {picks && (
              <th scope="col" className="w-8 px-2 py-2 font-medium">
                <span className="sr-only">{t("stats.side.pickColumn")}</span>
              </th>
            )}
            {columns.map((c) => {
              const active = sort.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
                  className={`whitespace-nowrap px-2 py-2 font-medium ${c.key === "label" ? "" : "text-right"}`}
                >
                  <button
                    type="button"
                    onClick={() => toggle(c.key)}
                    title={t("stats.sort", { column: c.label })}
                    className={`inline-flex items-center gap-1 rounded px-1 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 ${active ? "text-slate-900" : ""}`}
                  >
                    {c.label}
                    <span aria-hidden="true" className={active ? "" : "text-slate-300"}>
                      {active ? (sort.descending ? "▼" : "▲") : "↕"}
                    </span>
                  </button>
                  {c.key !== "label" && <MetricInfo metric={c.key} />}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.key} className="border-b border-slate-100 hover:bg-slate-50" data-testid="breakdown-row">
              {picks && <PickCell row={r} picks={picks} full={full} />}
              <th scope="row" className="max-w-40 truncate px-2 py-2 text-left font-normal sm:max-w-64">
                {r.canOpen ? (
                  <button
                    type="button"
                    onClick={() => onOpen(r)}
                    title={openLabel(r)}
                    aria-label={openLabel(r)}
                    className="max-w-full truncate rounded text-left font-medium text-emerald-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500"
                  >
                    {r.label}
                  </button>
                ) : (
                  <span className="text-slate-700">{r.label}</span>
                )}
                {r.live && (
                  <span className="ml-1.5" data-testid="live-badge">
                    <Badge tone="green">{t("live.badge")}</Badge>
                  </span>
                )}
              </th>
              {NUMERIC.map((key) => (
                <td key={key} className={`px-2 py-2 text-right tabular-nums ${isLoss(r, key) ? "text-rose-600" : ""}`}>
                  {formatValue(r, key, locale)}
                  {previous && <Delta now={r} before={previous.rows.get(r.key) ?? ZERO} metric={key} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          {shown.length < sorted.length && (
            <tr>
              <td colSpan={columns.length + (picks ? 1 : 0)} className="px-2 py-2 text-center">
                <button
                  type="button"
                  onClick={() => setAll(true)}
                  className="text-sm font-medium text-emerald-700 hover:underline"
                  data-testid="breakdown-all"
                >
                  {t("stats.breakdown.showAll", { n: formatCount(sorted.length, locale) })}
                </button>
              </td>
            </tr>
          )}
          <tr className="text-slate-900">
            {picks && <td />}
            <th scope="row" className="px-2 py-2 text-left font-semibold">
              {t("stats.total")}
            </th>
            {NUMERIC.map((key) => (
              <td key={key} className="px-2 py-2 text-right font-semibold tabular-nums">
                {formatValue(totals, key, locale)}
                {previous && <Delta now={totals} before={previous.totals} metric={key} />}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function PickCell({ row, picks, full }: { row: TableRow; picks: RowPicks; full: boolean }) {
  const t = useT();
  const picked = picks.keys.includes(row.key);
  const color = picks.colorOf(row.key);
  const disabled = full && !picked;
  return (
    <td className="px-2 py-2">
      <span className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={picked}
          disabled={disabled}
          onChange={() => picks.onToggle(row)}
          aria-label={t("stats.side.pick", { name: row.label })}
          title={disabled ? t("stats.side.full", { max: SIDE_BY_SIDE_MAX }) : t("stats.side.pick", { name: row.label })}
          className="h-4 w-4 rounded border-slate-300 accent-emerald-600 disabled:cursor-not-allowed"
          data-testid="pick-row"
        />
        <span
          className="inline-block h-2 w-2 rounded-full"
          style={{ background: picked && color ? color : "transparent" }}
          aria-hidden="true"
        />
      </span>
    </td>
  );
}
