"use client";
import { sendJson, useApi } from "@/lib/client/api";
import type { FollowerView } from "@/lib/sandbox/interactions";
import type { KnownFollowerPage } from "@/lib/sandbox/follow-state";
import type { QrCodePage } from "@/lib/db/qrcodes";
import type { TestScanResult } from "@/lib/scans/test-scan";
import type { TestMessageResult } from "@/lib/scans/test-message";
import type { TestUnfollowResult } from "@/lib/scans/test-unfollow";
import type { TestFollowResult } from "@/lib/scans/test-follow";
import type { Json } from "@/lib/wire";

// The sandbox page's reads and writes, in one place.

export const POLL_MS = 2000;

export const useKnownFollowers = (appId: string, page: number) =>
  useApi<Json<KnownFollowerPage>>(`/api/sandbox/followers?${new URLSearchParams({ appId, page: String(page) })}`, {
    refreshInterval: POLL_MS * 2,
    keepPreviousData: true,
  });

/** What the sandbox knows of one person, polled while the phone is open so follow-up messages and tags appear. */
export const useFollower = (appId: string, openid: string | null) =>
  useApi<Json<FollowerView>>(
    openid ? `/api/sandbox/followers/${encodeURIComponent(openid)}?${new URLSearchParams({ appId })}` : null,
    { refreshInterval: POLL_MS },
  );

/** The account's codes to scan (the first 100, newest first). */
export const useScannableCodes = (accountId: number) =>
  useApi<Json<QrCodePage>>(`/api/qrcodes?${new URLSearchParams({ accountId: String(accountId), pageSize: "100" })}`);

const followerPath = (openid: string) => `/api/sandbox/followers/${encodeURIComponent(openid)}`;

export const scanCode = (codeId: number, openid: string) =>
  sendJson<Json<TestScanResult>>(`/api/qrcodes/${codeId}/test-scan`, "POST", { openid });
export const sendText = (accountId: number, openid: string, text: string) =>
  sendJson<Json<TestMessageResult>>(`${followerPath(openid)}/messages`, "POST", { accountId, text });
export const unfollow = (accountId: number, openid: string) =>
  sendJson<Json<TestUnfollowResult>>(`${followerPath(openid)}/unfollow`, "POST", { accountId });
export const followPlainly = (accountId: number, openid: string) =>
  sendJson<Json<TestFollowResult>>("/api/replies/test-follow", "POST", { accountId, openid });

/** A fresh openid for someone the account has never seen. */
export function newOpenid(prefix = "o_sandbox"): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}_${[...bytes].map((b) => b.toString(36).padStart(2, "0")).join("")}`;
}
