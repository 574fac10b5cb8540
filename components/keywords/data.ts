"use client";
import { sendJson, useApi } from "@/lib/client/api";
import type { KeywordRuleView, KeywordTestAnswer } from "@/lib/db/keywords";
import type { CreateKeywordRuleInput, UpdateKeywordRuleInput } from "@/lib/validation/keywords";
import type { Json } from "@/lib/wire";

// The keyword replies page's reads and writes, in one place.

export type KeywordRule = Json<KeywordRuleView>;
export type RuleList = {
  items: KeywordRule[];
  limits: { rulesPerAccount: number; keywordsPerRule: number; keywordChars: number };
};

const rulesPath = (accountId: number) => `/api/accounts/${accountId}/keywords`;
export const useKeywordRules = (accountId: number) => useApi<RuleList>(rulesPath(accountId));

export const createRule = (accountId: number, rule: CreateKeywordRuleInput) =>
  sendJson<KeywordRule>(rulesPath(accountId), "POST", rule);
export const updateRule = (id: number, patch: UpdateKeywordRuleInput) =>
  sendJson<KeywordRule>(`/api/keywords/${id}`, "PATCH", patch);
export const deleteRule = (id: number) => sendJson<KeywordRule>(`/api/keywords/${id}`, "DELETE");
export const reorderRules = (accountId: number, ids: number[]) =>
  sendJson<{ items: KeywordRule[] }>(`${rulesPath(accountId)}/order`, "POST", { ids });
/** What the webhook would answer to `text` sent now. */
export const tryMessage = (accountId: number, text: string) =>
  sendJson<Json<KeywordTestAnswer>>(`${rulesPath(accountId)}/test`, "POST", { text });
