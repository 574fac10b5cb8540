// The statistics view's state, kept in the address, and the API requests it makes: shared by the
// page (which answers them ahead on the server) and the view in the browser.
import { dateRange } from "@/lib/validation/stats";
import { searchOf } from "@/lib/api/search";
import { includesDay, isPreset, presetRange, todayIn, type DayRange, type Preset } from "./dates";

import { isStatsGroup, type StatsGroup } from "@/lib/stats/groups";

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
};

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
  return params.toString();
}

/** What the view asks the API for a state: the account's code count, the counts, the series, the heatmap and retention. */
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
  };
}
