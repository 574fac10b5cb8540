"use client";
import { sendJson, useApi } from "@/lib/client/api";
import type { QrCodePage, QrCodeView } from "@/lib/db/qrcodes";
import type { AccountReplies } from "@/lib/db/replies";
import type { TestScanResult } from "@/lib/scans/test-scan";
import type { TestFollowResult } from "@/lib/scans/test-follow";
import type { ReplyInput } from "@/lib/validation/qrcodes";

// The replies area's reads and writes, in one place.

export const REPLY_PAGE_SIZE = 20;

export { useAccounts } from "@/lib/client/accounts";

const accountRepliesPath = (accountId: number) => `/api/accounts/${accountId}/replies`;
export const useAccountReplies = (accountId: number) => useApi<AccountReplies>(accountRepliesPath(accountId));
/** Sets the welcome and/or the default scan reply; null removes one. Answers with both. */
export const setAccountReplies = (accountId: number, replies: Partial<AccountReplies>) =>
  sendJson<AccountReplies>(accountRepliesPath(accountId), "PUT", replies);

/** One page of the account's codes with their replies, optionally those matching `q`. */
export function useReplyCodes(accountId: number, page: number, q: string) {
  const params = new URLSearchParams({ accountId: String(accountId), page: String(page), pageSize: String(REPLY_PAGE_SIZE) });
  if (q) params.set("q", q);
  return useApi<QrCodePage>(`/api/qrcodes?${params}`, { keepPreviousData: true });
}

export const setCodeReply = (codeId: number, reply: ReplyInput) =>
  sendJson<QrCodeView>(`/api/qrcodes/${codeId}/reply`, "PUT", reply);
export const clearCodeReply = (codeId: number) => sendJson<QrCodeView>(`/api/qrcodes/${codeId}/reply`, "DELETE");

/** Who a test delivery comes from: the fan's openid, and whether they already follow (a scan's SCAN instead of subscribe). */
export type TestOptions = { follower: boolean; openid: string };

export const testScan = (codeId: number, options: TestOptions) =>
  sendJson<TestScanResult>(`/api/qrcodes/${codeId}/test-scan`, "POST", options);
export const testFollow = (accountId: number, openid: string) =>
  sendJson<TestFollowResult>("/api/replies/test-follow", "POST", { accountId, openid });
