"use client";
import { sendJson, useApi } from "@/lib/client/api";
import type { Role } from "@/lib/access/roles";
import type { ConnectionCheck } from "@/lib/accounts/check-connection";
import type { AccountSummary } from "@/lib/db/accounts";
import type { UserView } from "@/lib/db/users";
import type { ApiTokenView, NewApiTokenView } from "@/lib/db/api-tokens";
import type { AuditPageView } from "@/lib/db/audit";
import type { CreateTokenInput, CreateUserInput } from "@/lib/validation/users";

// The admin pages' reads and writes, in one place.

export { useAccounts } from "@/lib/client/accounts";
/** Adds an account (no id) or edits one; `body` is the form's values, which the API checks with the form's own schema. */
export const saveAccount = (id: number | undefined, body: unknown) =>
  sendJson<AccountSummary>(id === undefined ? "/api/accounts" : `/api/accounts/${id}`, id === undefined ? "POST" : "PATCH", body);
export const checkConnection = (accountId: number) => sendJson<ConnectionCheck>(`/api/accounts/${accountId}/check`, "POST");

export const useUsers = () => useApi<{ items: UserView[] }>("/api/users");
export const createUser = (input: CreateUserInput) => sendJson<UserView>("/api/users", "POST", input);
export const changeRole = (userId: number, role: Role) => sendJson<UserView>(`/api/users/${userId}`, "PATCH", { role });
export const unlockUser = (userId: number) => sendJson<UserView>(`/api/users/${userId}`, "PATCH", { unlock: true });
export const resetPassword = (userId: number, password: string) =>
  sendJson<UserView>(`/api/users/${userId}/password`, "POST", { password });
export const deleteUser = (userId: number) => sendJson<UserView>(`/api/users/${userId}`, "DELETE");

export const useApiTokens = () => useApi<{ items: ApiTokenView[] }>("/api/tokens");
export const createApiToken = (input: CreateTokenInput) => sendJson<NewApiTokenView>("/api/tokens", "POST", input);
export const revokeApiToken = (tokenId: number) => sendJson<ApiTokenView>(`/api/tokens/${tokenId}`, "DELETE");

/** One page of the audit log: `query` is GET /api/audit's query string (filters and cursor). */
export const useAuditPage = (query: string) => useApi<AuditPageView>(`/api/audit${query ? `?${query}` : ""}`);
