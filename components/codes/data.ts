"use client";
import { refusalOf, sendJson, useApi } from "@/lib/client/api";
import { useAccounts as useSharedAccounts } from "@/lib/client/accounts";
import { fetchWhenNotBusy, fileNameFromDisposition, saveBlob } from "@/lib/client/download";
import type { NamedGroup } from "@/lib/db/campaigns";
import type { PermanentQuota, QrCodePage } from "@/lib/db/qrcodes";
import type { CreateQrCodeInput } from "@/lib/validation/qrcodes";
import type { Json } from "@/lib/wire";
import type { QrCode } from "./format";
import { listPath, type ListQuery } from "./list-query";

// The codes area's reads and writes, in one place.

export const useQrCodes = (query: ListQuery) => useApi<QrCodePage>(listPath(query), { keepPreviousData: true });
export const useQrCode = (id: number) => useApi<QrCode>(`/api/qrcodes/${id}`);
export const useAccounts = () => useSharedAccounts({ revalidateOnFocus: false });
export const useQuota = (accountId: number) => useApi<PermanentQuota>(`/api/accounts/${accountId}/quota`);
export const useCampaigns = (accountId?: number) =>
  useApi<{ items: NamedGroup[] }>(`/api/campaigns${accountId ? `?accountId=${accountId}` : ""}`, { revalidateOnFocus: false });
export const useChannels = (accountId?: number) =>
  useApi<{ items: NamedGroup[] }>(`/api/channels${accountId ? `?accountId=${accountId}` : ""}`, { revalidateOnFocus: false });

export const createQrCode = (input: CreateQrCodeInput) => sendJson<QrCode>("/api/qrcodes", "POST", input);
export const findTakenScenes = (accountId: number, sceneStrs: string[]) =>
  sendJson<{ taken: { sceneStr: string; codeId: number }[] }>(`/api/accounts/${accountId}/taken-scenes`, "POST", { sceneStrs });
/** A new ticket for an expired temporary code; without expireSeconds the code keeps its own validity. */
export const renewQrCode = (codeId: number, expireSeconds?: number) =>
  sendJson<QrCode>(`/api/qrcodes/${codeId}/renew`, "POST", expireSeconds ? { expireSeconds } : {});

/** PATCH /api/qrcodes/{id}: what the edit dialog, archive and schedule change. */
export type CodeChange = Partial<{
  name: string;
  channel: string;
  campaign: string | null;
  note: string | null;
  validFrom: string | null;
  validTo: string | null;
  archived: boolean;
}>;
export const updateQrCode = (codeId: number, change: CodeChange) => sendJson<QrCode>(`/api/qrcodes/${codeId}`, "PATCH", change);
export const duplicateQrCode = (codeId: number, name?: string) =>
  sendJson<QrCode>(`/api/qrcodes/${codeId}/duplicate`, "POST", name ? { name } : {});
export type BulkChange = { action: "archive" | "unarchive" } | { action: "move"; campaign: string | null };
export const bulkUpdateQrCodes = (ids: number[], change: BulkChange) =>
  sendJson<Json<{ items: QrCode[] }>>("/api/qrcodes/bulk", "POST", { ids, ...change });

/** Fetches a file with the session and saves it under the server's file name; API errors are thrown as such (a 429 after retries). */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const res = await fetchWhenNotBusy(path);
  if (!res.ok) throw await refusalOf(res);
  const name = fileNameFromDisposition(res.headers.get("content-disposition"), fallbackName);
  saveBlob(await res.blob(), name);
  return name;
}

export { saveBlob };
