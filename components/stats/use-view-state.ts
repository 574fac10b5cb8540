"use client";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "next/navigation";
import { dateRange } from "@/lib/validation/stats";
import { isPreset, type Preset } from "./dates";

export type StatsGroup = "channel" | "campaign" | "qrcode";
const GROUPS: readonly StatsGroup[] = ["channel", "campaign", "qrcode"];

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
    groupBy: GROUPS.includes(groupBy as StatsGroup) ? (groupBy as StatsGroup) : "channel",
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

/**
 * The view state and a setter. Drilling down pushes a history entry (Back goes up a level);
 * other changes replace it. Next's router follows native pushState without a server round trip.
 */
export function useViewState(): [ViewState, (next: ViewState, history?: "push" | "replace") => void] {
  const params = useSearchParams();
  const state = useMemo(() => parseViewState(new URLSearchParams(params.toString())), [params]);
  const setState = useCallback((next: ViewState, history: "push" | "replace" = "replace") => {
    const url = `${window.location.pathname}?${serializeViewState(next)}`;
    if (history === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);
  return [state, setState];
}
