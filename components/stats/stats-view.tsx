"use client";
import { useMemo, useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { useAccounts, useCodeCount, useHeatmap, useSeries, useStats } from "./data";
import type { StatsAnswer } from "@/lib/api/stats-answers";
import type { StatsRow } from "@/lib/db/stats";
import type { AccountSummary } from "@/lib/db/accounts";
import { METRIC, METRICS, type Metric } from "@/lib/stats/metrics";
import { Card, ErrorState, Loading, Select } from "@/components/ui";
import type { DayRange } from "./dates";
import { RangePicker } from "./range-picker";
import { TotalsCards } from "./totals-cards";
import { SeriesChart } from "./series-chart";
import { BreakdownBars } from "./breakdown-bars";
import { BreakdownTable, type TableRow } from "./breakdown-table";
import { NoAccount, NoCodes, NoScans, secondaryLink } from "./empty-states";
import { EventsExport } from "./events-export";
import { ScanHeatmap } from "./heatmap";
import { RetentionCard } from "./retention";
import { formatClock } from "./format";
import { useViewState } from "./use-view-state";
import { searchOf } from "@/lib/api/search";
import { changedViewState, viewRequests, type ViewState } from "./view-state";
import { lineColor, SideBySide } from "./side-by-side";
import { STATS_GROUPS, type StatsGroup } from "@/lib/stats/groups";

/** How often numbers refresh while the range includes today. */
export const LIVE_REFRESH_MS = 10_000;

type Account = Pick<AccountSummary, "id" | "name" | "appId" | "timeZone">;
type Answered = Pick<StatsAnswer, "from" | "to" | "filter">;

/** False while SWR still shows the previous view's answer (keepPreviousData) for a new question. */
function answers(data: Answered | undefined, range: DayRange, filter: Answered["filter"]): boolean {
  return (
    data !== undefined &&
    data.from === range.from &&
    data.to === range.to &&
    data.filter.channel === filter.channel &&
    data.filter.campaign === filter.campaign &&
    data.filter.qrCodeId === filter.qrCodeId
  );
}

/** The statistics page: picks the account, then shows its numbers. */
export function StatsView() {
  const [state, setState] = useViewState();
  const accounts = useAccounts();
  if (accounts.error) return <ErrorState error={accounts.error} onRetry={() => accounts.mutate()} />;
  if (!accounts.data) return <Loading />;
  if (accounts.data.items.length === 0) return <NoAccount />;
  const account = accounts.data.items.find((a) => a.id === state.accountId) ?? accounts.data.items[0];
  return <AccountStats key={account.id} account={account} accounts={accounts.data.items} state={state} setState={setState} />;
}

function AccountStats({
  account,
  accounts,
  state,
  setState,
}: {
  account: Account;
  accounts: Account[];
  state: ViewState;
  setState: (next: ViewState, history?: "push" | "replace") => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [shown, setShown] = useState<Metric[]>(["scans", "newFollows", "unfollows"]);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);

  const asked = viewRequests(state, account);
  const { range, interval, filter, live } = asked;
  const swr = { refreshInterval: live ? LIVE_REFRESH_MS : 0, keepPreviousData: true, onSuccess: () => setUpdatedAt(new Date()) };

  const codes = useCodeCount(asked.codes);
  const stats = useStats(asked.stats, swr);
  const series = useSeries(asked.series, swr);
  const heatmap = useHeatmap(asked.heatmap, swr);

  const change = (next: Partial<ViewState>, history: "push" | "replace" = "replace") =>
    setState(changedViewState(state, next), history);
  const keys = state.keys ?? [];
  const pick = (key: string) => change({ keys: keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key] });
  const drilled = Boolean(state.channel || state.campaign || state.qrCodeId);
  const groupName = (g: StatsGroup) => t(`stats.column.${g}`);
  const rowLabel = (r: Pick<StatsRow, "key" | "label">) =>
    state.groupBy === "campaign" && r.key === "" ? t("stats.noCampaign") : r.label;
  const rows: TableRow[] = (stats.data?.rows ?? []).map((r) => ({
    ...r,
    label: rowLabel(r),
    canOpen: state.groupBy === "qrcode" ? !state.qrCodeId : !(state.groupBy === "campaign" && r.key === ""),
  }));
  const codeName = state.qrCodeId
    ? (stats.data?.rows.find((r) => r.key === String(state.qrCodeId))?.label ?? `#${state.qrCodeId}`)
    : "";

  const open = (row: TableRow) => {
    if (state.groupBy === "channel") change({ channel: row.label, groupBy: "qrcode", qrCodeId: undefined }, "push");
    else if (state.groupBy === "campaign") change({ campaign: row.label, groupBy: "qrcode", qrCodeId: undefined }, "push");
    else change({ qrCodeId: Number(row.key) }, "push");
  };
  const totals = stats.data?.totals;
  const previous = stats.data?.previous;
  const previousRows = useMemo(
    () => previous && { rows: new Map(previous.rows.map((r) => [r.key, r])), totals: previous.totals },
    [previous],
  );
  const statsStale = stats.data !== undefined && (!answers(stats.data, range, filter) || stats.data.groupBy !== state.groupBy);
  const seriesStale = series.data !== undefined && !answers(series.data, range, filter);
  const heatmapStale = heatmap.data !== undefined && !answers(heatmap.data, range, filter);
  const empty = stats.data !== undefined && stats.data.rows.length === 0 && totals!.scans === 0 && totals!.unfollows === 0;
  const rangeText = t("stats.rangeLabel", { from: range.from, to: range.to });

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="flex flex-wrap items-start gap-4">
            {accounts.length > 1 && (
              // biome-ignore lint/a11y/noLabelWithoutControl: Select renders the <select> this label holds
              <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
                {t("stats.account")}
                <Select
                  value={account.id}
                  onChange={(e) =>
                    setState({
                      groupBy: "channel",
                      preset: state.preset,
                      from: state.from,
                      to: state.to,
                      accountId: Number(e.target.value),
                    })
                  }
                  className="min-w-48"
                  data-testid="account-picker"
                >
                  {accounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </Select>
              </label>
            )}
            <RangePicker
              key={`${range.from}/${range.to}`}
              preset={state.preset}
              range={range}
              onPreset={(preset) => change({ preset, from: undefined, to: undefined })}
              onCustom={(custom) => change({ preset: undefined, ...custom })}
            />
          </div>
          <div className="flex flex-col items-end gap-1 text-xs text-slate-500">
            <span className="text-sm font-medium text-slate-700" data-testid="range-label">
              {rangeText}
            </span>
            <span>{t("stats.timeZone", { tz: account.timeZone })}</span>
            {live && (
              <span
                className="flex items-center gap-1.5 text-emerald-700"
                data-testid="live-indicator"
                title={t("stats.liveHint", { seconds: LIVE_REFRESH_MS / 1000 })}
              >
                <span className="relative flex h-2 w-2" aria-hidden="true">
                  <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-75" />
                  <span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-500" />
                </span>
                <span className="font-medium">{t("stats.live")}</span>
                {updatedAt && (
                  <span className="text-slate-400">
                    · {t("stats.updatedAt", { time: formatClock(updatedAt, locale, account.timeZone), tz: account.timeZone })}
                  </span>
                )}
              </span>
            )}
          </div>
        </div>
      </Card>

      {codes.data?.total === 0 ? (
        <NoCodes />
      ) : (
        <>
          {drilled && (
            <nav
              aria-label={t("stats.drill.path")}
              className="flex flex-wrap items-center gap-1 text-sm"
              data-testid="drill-path"
            >
              <button
                type="button"
                className="rounded px-1 text-emerald-700 hover:underline"
                onClick={() =>
                  change(
                    {
                      channel: undefined,
                      campaign: undefined,
                      qrCodeId: undefined,
                      groupBy: state.campaign && !state.channel ? "campaign" : "channel",
                    },
                    "push",
                  )
                }
              >
                {t("stats.drill.all")}
              </button>
              {state.channel && (
                <Crumb current={!state.qrCodeId} onClick={() => change({ qrCodeId: undefined, groupBy: "qrcode" }, "push")}>
                  {t("stats.drill.channel", { name: state.channel })}
                </Crumb>
              )}
              {state.campaign && (
                <Crumb current={!state.qrCodeId} onClick={() => change({ qrCodeId: undefined, groupBy: "qrcode" }, "push")}>
                  {t("stats.drill.campaign", { name: state.campaign })}
                </Crumb>
              )}
              {state.qrCodeId && <Crumb current>{t("stats.drill.code", { name: codeName })}</Crumb>}
            </nav>
          )}

          {stats.error ? (
            <ErrorState error={stats.error} onRetry={() => stats.mutate()} />
          ) : totals ? (
            <>
              <TotalsCards totals={totals} previous={previous?.totals} stale={statsStale} />
              {previous && (
                <p className="mt-2 text-xs text-slate-500" data-testid="compare-range">
                  {t("stats.compare.against", { from: previous.from, to: previous.to })}
                </p>
              )}
            </>
          ) : (
            <Loading />
          )}

          {empty ? (
            <NoScans
              onWiden={state.preset === "30d" ? undefined : () => change({ preset: "30d", from: undefined, to: undefined })}
            />
          ) : (
            <>
              <Card
                title={`${t("stats.chart.title")} · ${t((series.data?.interval ?? interval) === "hour" ? "stats.chart.byHour" : "stats.chart.byDay")}`}
                actions={
                  <div role="group" aria-label={t("stats.chart.metrics")} className="flex flex-wrap gap-1">
                    {METRICS.map((m) => {
                      const on = shown.includes(m);
                      return (
                        <button
                          key={m}
                          type="button"
                          aria-pressed={on}
                          onClick={() =>
                            setShown(on ? shown.filter((s) => s !== m) : METRICS.filter((x) => x === m || shown.includes(x)))
                          }
                          className={`flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 ${on ? "border-slate-300 bg-white text-slate-800" : "border-transparent text-slate-400"}`}
                        >
                          <span
                            className="inline-block h-2 w-2 rounded-full"
                            style={{ background: on ? METRIC[m].color : "#cbd5e1" }}
                            aria-hidden="true"
                          />
                          {t(`stats.metric.${m}`)}
                        </button>
                      );
                    })}
                  </div>
                }
              >
                {series.error ? (
                  <ErrorState error={series.error} onRetry={() => series.mutate()} />
                ) : series.data ? (
                  <div className={seriesStale ? "opacity-50 transition-opacity" : "transition-opacity"} aria-busy={seriesStale}>
                    <SeriesChart
                      points={series.data.points}
                      metrics={shown}
                      interval={series.data.interval}
                      label={t("stats.chart.label", {
                        metrics: shown.map((m) => t(`stats.metric.${m}`)).join(locale === "zh" ? "、" : ", "),
                        range: rangeText,
                      })}
                    />
                  </div>
                ) : (
                  <Loading />
                )}
              </Card>

              <Card title={t("stats.heatmap.title")}>
                {heatmap.error ? (
                  <ErrorState error={heatmap.error} onRetry={() => heatmap.mutate()} />
                ) : heatmap.data ? (
                  <div className={heatmapStale ? "opacity-50 transition-opacity" : "transition-opacity"} aria-busy={heatmapStale}>
                    <ScanHeatmap
                      scans={heatmap.data.scans}
                      timeZone={heatmap.data.timeZone}
                      label={t("stats.heatmap.label", { range: rangeText })}
                    />
                  </div>
                ) : (
                  <Loading />
                )}
              </Card>

              <RetentionCard
                path={asked.retention}
                live={{ refreshInterval: swr.refreshInterval, keepPreviousData: true }}
                rangeText={rangeText}
                groupName={groupName(state.groupBy)}
                rowLabel={rowLabel}
              />

              <Card
                title={t("stats.breakdown.title")}
                actions={
                  <div className="flex flex-wrap items-center gap-2">
                    <a
                      className={secondaryLink}
                      href={`${asked.stats}&${searchOf({ format: "csv", lang: locale })}`}
                      download
                      data-testid="export-table"
                    >
                      {t("stats.export.table")}
                    </a>
                    <EventsExport
                      className={secondaryLink}
                      href={`/api/events?${searchOf({ accountId: account.id, from: range.from, to: range.to, ...filter, lang: locale })}`}
                    />
                  </div>
                }
              >
                <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
                  <div
                    role="group"
                    aria-label={t("stats.groupBy")}
                    className="flex gap-1 rounded-lg bg-slate-100 p-1"
                    data-testid="group-by"
                  >
                    {STATS_GROUPS.map((g) => (
                      <button
                        key={g}
                        type="button"
                        aria-pressed={state.groupBy === g}
                        onClick={() => change({ groupBy: g, channel: undefined, campaign: undefined, qrCodeId: undefined })}
                        className={`rounded-md px-3 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 ${state.groupBy === g ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
                      >
                        {t(`stats.groupBy.${g}`)}
                      </button>
                    ))}
                  </div>
                  {!state.qrCodeId && <p className="text-xs text-slate-500">{t("stats.drill.hint")}</p>}
                </div>
                {stats.data && totals ? (
                  <div
                    className={`grid grid-cols-1 gap-6 xl:grid-cols-5 ${statsStale ? "opacity-50" : ""}`}
                    aria-busy={statsStale}
                  >
                    <div className="xl:col-span-3">
                      <BreakdownTable
                        rows={rows}
                        totals={totals}
                        previous={previousRows}
                        nameColumn={groupName(state.groupBy)}
                        openLabel={(r) =>
                          t(state.groupBy === "qrcode" ? "stats.drill.openCode" : "stats.drill.openGroup", { name: r.label })
                        }
                        onOpen={open}
                        picks={
                          rows.length > 1 || keys.length > 0
                            ? { keys, colorOf: (k) => lineColor(keys, k), onToggle: (r) => pick(r.key) }
                            : undefined
                        }
                      />
                    </div>
                    <div className="xl:col-span-2">
                      <h3 className="mb-2 text-sm font-medium text-slate-700">{t("stats.bars.title")}</h3>
                      <BreakdownBars rows={rows} label={t("stats.bars.label", { group: groupName(state.groupBy) })} />
                    </div>
                  </div>
                ) : (
                  !stats.error && <Loading />
                )}
              </Card>
              {(rows.length > 1 || keys.length > 0) && (
                <SideBySide
                  path={asked.lines}
                  keys={keys}
                  groupBy={state.groupBy}
                  metric={state.metric ?? "scans"}
                  interval={interval}
                  range={rangeText}
                  swr={swr}
                  onMetric={(metric) => change({ metric })}
                  onUnpick={pick}
                />
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}

function Crumb({ current, onClick, children }: { current?: boolean; onClick?: () => void; children: React.ReactNode }) {
  return (
    <>
      <span aria-hidden="true" className="text-slate-400">
        ›
      </span>
      {current || !onClick ? (
        <span aria-current="page" className="px-1 font-medium text-slate-800">
          {children}
        </span>
      ) : (
        <button type="button" className="rounded px-1 text-emerald-700 hover:underline" onClick={onClick}>
          {children}
        </button>
      )}
    </>
  );
}
