"use client";
import { useApi } from "@/lib/client/api";
import type { FollowerScope, FollowersPage } from "@/lib/db/followers";
import type { Json } from "@/lib/wire";

// The followers view's one read: a page of GET /api/followers, and the CSV of the same.

export type FollowersAnswer = Json<Omit<FollowersPage, "next">> & { next: string | null };
export type Follower = FollowersAnswer["items"][number];
export type FollowerStatus = "all" | "following";

export const FOLLOWERS_VIEW_PAGE_SIZE = 20;

const scopeParams = (scope: FollowerScope, status: FollowerStatus) =>
  new URLSearchParams({ [scope.kind]: String(scope.id), ...(status === "following" ? { status } : {}) });

export function followersPath(scope: FollowerScope, status: FollowerStatus, after: string | null): string {
  const params = scopeParams(scope, status);
  params.set("pageSize", String(FOLLOWERS_VIEW_PAGE_SIZE));
  if (after) params.set("after", after);
  return `/api/followers?${params}`;
}

export function followersCsvPath(scope: FollowerScope, status: FollowerStatus, lang: string): string {
  const params = scopeParams(scope, status);
  params.set("format", "csv");
  params.set("lang", lang);
  return `/api/followers?${params}`;
}

export const useFollowers = (scope: FollowerScope, status: FollowerStatus, after: string | null) =>
  useApi<FollowersAnswer>(followersPath(scope, status, after), { keepPreviousData: true });
