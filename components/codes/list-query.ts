import { searchOf } from "@/lib/api/search";

// The codes list's query: read from the address, and the API path it asks (by the browser, or
// answered ahead by the page on the server).

export const LIST_PAGE_SIZE = 20;
export const LIST_KEYS = ["q", "channel", "campaign", "kind", "status", "sort", "accountId", "archived"] as const;

export type ListParams = Partial<Record<(typeof LIST_KEYS)[number] | "page", string>>;

export type ListQuery = Partial<Record<(typeof LIST_KEYS)[number], string>> & { page: number; pageSize: number };

export function listQueryOf(params: ListParams): ListQuery {
  return {
    ...Object.fromEntries(LIST_KEYS.map((k) => [k, params[k] ?? ""])),
    page: Math.max(1, Number(params.page) || 1),
    pageSize: LIST_PAGE_SIZE,
  };
}

export function listPath(query: ListQuery): string {
  return `/api/qrcodes?${searchOf(query)}`;
}
