"use client";
import { sendJson, useApi } from "@/lib/client/api";
import type { CampaignView, NamedGroup } from "@/lib/db/campaigns";
import type { ChannelMerge, ChannelView } from "@/lib/db/channels";
import type { UpdateCampaignInput } from "@/lib/validation/groups";

// The channels and campaigns pages' reads and writes, in one place.

type GroupList<T> = { items: T[]; days: number };
const scoped = (path: string, accountId?: number) => (accountId ? `${path}?accountId=${accountId}` : path);

export const useChannelList = (accountId?: number) => useApi<GroupList<ChannelView>>(scoped("/api/channels", accountId));
export const useCampaignList = (accountId?: number) => useApi<GroupList<CampaignView>>(scoped("/api/campaigns", accountId));

export const renameChannel = (id: number, name: string) => sendJson<NamedGroup>(`/api/channels/${id}`, "PATCH", { name });
export const mergeChannel = (id: number, into: number) => sendJson<ChannelMerge>(`/api/channels/${id}/merge`, "POST", { into });
export const updateCampaign = (id: number, patch: UpdateCampaignInput) =>
  sendJson<CampaignView>(`/api/campaigns/${id}`, "PATCH", patch);
