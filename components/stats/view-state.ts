// The statistics view's state, kept in the address, and the API requests it makes: shared by the
// page (which answers them ahead on the server) and the view in the browser.
import { dateRange } from "@/lib/validation/stats";
import { searchOf } from "@/lib/api/search";
import { includesDay, isPreset, presetRange, todayIn, type DayRange, type Preset } from "./dates";

import { isStatsGroup, type StatsGroup } from "@/lib/stats/groups";
import { METRICS, type Metric } from "@/lib/stats/metrics";
import { NO_CAMPAIGN_KEY, SIDE_BY_SIDE_MAX, SIDE_BY_SIDE_MIN } from "@/lib/stats/side-by-side";

/** What the statistics page shows; kept in the URL so a view can be shared and Back walks up a drill-down. */
export type ViewState = {
  accountId?: number;
  /** A preset range, or undefined for the custom range in from/to. */
  preset?: Preset;
  from?: string;
  to?: string;
  groupBy: StatsGroup;
  channel?: string;
  campaign?: string;
  qrCodeId?: number;
  /** Rows of the breakdown ticked to be shown side by side (their keys, in the order ticked). */
  keys?: string[];
  /** The metric the rows are compared on (default scans). */
  metric?: Metric;
};

/** The keys of a `keys` parameter that can be rows of `groupBy`: ids, "" for "no campaign"; each once, at most SIDE_BY_SIDE_MAX. */
function parseKeys(value: string | null, groupBy: StatsGroup): string[] | undefined {
  if (value === null) return undefined;
  const keys = [
    ...new Set(value.split(",").filter((k) => /^[1-9]\d{0,9}$/.test(k) || (k === NO_CAMPAIGN_KEY && groupBy === "campaign"))),
  ];
  return keys.length ? keys.slice(0, SIDE_BY_SIDE_MAX) : undefined;
}

const isMetric = (value: unknown): value is Metric => (METRICS as readonly unknown[]).includes(value);

/**
 * The state after a change: the ticked rows are rows of one grouping under one filter, so they go
 * when either changes.
 */
export function changedViewState(state: ViewState, next: Partial<ViewState>): ViewState {
  const merged = { ...state, ...next };
  const regrouped = (["groupBy", "channel", "campaign", "qrCodeId", "accountId"] as const).some((k) => merged[k] !== state[k]);
  return regrouped && !("keys" in next) ? { ...merged, keys: undefined } : merged;
}

const DEFAULT_PRESET: Preset = "7d";

function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function parseViewState(params: URLSearchParams): ViewState {
  const groupBy = params.get("groupBy");
  const state: ViewState = {
    accountId: positiveInt(params.get("accountId")),
    groupBy: isStatsGroup(groupBy) ? groupBy : "channel",
    channel: params.get("channel") || undefined,
    campaign: params.get("campaign") || undefined,
    qrCodeId: positiveInt(params.get("qrCodeId")),
  };
  const keys = parseKeys(params.get("keys"), state.groupBy);
  if (keys) state.keys = keys;
  const metric = params.get("metric");
  if (isMetric(metric)) state.metric = metric;
  const range = params.get("range");
  const custom = dateRange.safeParse({ from: params.get("from"), to: params.get("to") });
  if (isPreset(range)) state.preset = range;
  else if (custom.success) Object.assign(state, custom.data);
  else state.preset = DEFAULT_PRESET;
  return state;
}

export function serializeViewState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.accountId) params.set("accountId", String(state.accountId));
  if (state.preset) params.set("range", state.preset);
  else if (state.from && state.to) {
    params.set("from", state.from);
    params.set("to", state.to);
  }
  params.set("groupBy", state.groupBy);
  if (state.channel) params.set("channel", state.channel);
  if (state.campaign) params.set("campaign", state.campaign);
  if (state.qrCodeId) params.set("qrCodeId", String(state.qrCodeId));
  if (state.keys?.length) params.set("keys", state.keys.join(","));
  if (state.metric) params.set("metric", state.metric);
  return params.toString();
}

/**
 * What the view asks the API for a state: the account's code count, the counts, the series, the
 * heatmap, retention, and the ticked rows' lines once there are enough of them (else null).
 */
export function viewRequests(state: ViewState, account: { id: number; timeZone: string }, today = todayIn(account.timeZone)) {
  const range: DayRange = state.preset ? presetRange(state.preset, today) : { from: state.from!, to: state.to! };
  const interval = range.from === range.to ? ("hour" as const) : ("day" as const);
  const filter = { channel: state.channel, campaign: state.campaign, qrCodeId: state.qrCodeId };
  const base = { accountId: account.id, from: range.from, to: range.to, ...filter };
  return {
    range,
    interval,
    filter,
    live: includesDay(range, today),
    codes: `/api/qrcodes?${searchOf({ accountId: account.id, pageSize: 1 })}`,
    stats: `/api/stats?${searchOf({ ...base, groupBy: state.groupBy, compare: "previous" })}`,
    series: `/api/stats/series?${searchOf({ ...base, interval })}`,
    heatmap: `/api/stats/heatmap?${searchOf(base)}`,
    retention: `/api/stats/retention?${searchOf({ ...base, groupBy: state.groupBy })}`,
    lines:
      state.keys && state.keys.length >= SIDE_BY_SIDE_MIN
        ? `/api/stats/series?${searchOf({ ...base, interval, groupBy: state.groupBy, keys: state.keys.join(",") })}`
        : null,
  };
}
