"use client";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "next/navigation";
import { parseViewState, serializeViewState, type ViewState } from "./view-state";

export type { ViewState } from "./view-state";

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
