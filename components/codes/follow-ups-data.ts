"use client";
import { sendJson, useApi } from "@/lib/client/api";
import type { FollowUps } from "@/lib/db/follow-ups";
import type { Tags } from "@/lib/db/tags";
import type { FollowUpsInput } from "@/lib/validation/follow-ups";

// The reads and writes of a code's tags and follow-up messages, and a channel's tags (issue 10, points 2 and 3).

const codeTagsPath = (id: number) => `/api/qrcodes/${id}/tags`;
export const useCodeTags = (id: number) => useApi<Tags & { channelTags: string[] }>(codeTagsPath(id));
export const setCodeTags = (id: number, tags: string[]) => sendJson<Tags>(codeTagsPath(id), "PUT", { tags });

const channelTagsPath = (id: number) => `/api/channels/${id}/tags`;
export const useChannelTags = (id: number) => useApi<Tags>(channelTagsPath(id));
export const setChannelTags = (id: number, tags: string[]) => sendJson<Tags>(channelTagsPath(id), "PUT", { tags });

const followUpsPath = (id: number) => `/api/qrcodes/${id}/follow-ups`;
export const useFollowUps = (id: number) => useApi<FollowUps>(followUpsPath(id));
export const setFollowUps = (id: number, input: FollowUpsInput) => sendJson<FollowUps>(followUpsPath(id), "PUT", input);
