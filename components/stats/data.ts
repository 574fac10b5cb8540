"use client";
import type { SWRConfiguration } from "swr";
import { type ApiError, useApi } from "@/lib/client/api";
import type { HeatmapAnswer, RetentionAnswer, SeriesAnswer, SeriesLinesAnswer, StatsAnswer } from "@/lib/api/stats-answers";
import type { QrCodePage } from "@/lib/db/qrcodes";

// The statistics area's reads, in one place; the paths come from the view's state (view-state.ts).

export { useAccounts } from "@/lib/client/accounts";
export type Live<T> = SWRConfiguration<T, ApiError>;

/** How many codes the account has (the empty states tell "no codes yet" from "no scans yet"). */
export const useCodeCount = (path: string) => useApi<Pick<QrCodePage, "total">>(path);
export const useStats = (path: string, config: Live<StatsAnswer>) => useApi<StatsAnswer>(path, config);
export const useSeries = (path: string, config: Live<SeriesAnswer>) => useApi<SeriesAnswer>(path, config);
/** Rows side by side: nothing is asked while `path` is null (fewer than two rows picked). */
export const useSeriesLines = (path: string | null, config: Live<SeriesLinesAnswer>) => useApi<SeriesLinesAnswer>(path, config);
export const useHeatmap = (path: string, config: Live<HeatmapAnswer>) => useApi<HeatmapAnswer>(path, config);
export const useRetention = (path: string, config: Live<RetentionAnswer>) => useApi<RetentionAnswer>(path, config);
