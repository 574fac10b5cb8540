"use client";
import useSWR, { type SWRConfiguration } from "swr";
import { ApiError } from "@/lib/api/errors";

// Errors reach the browser as `{"error":{"code","message","field"?}}` and become the same ApiError the server threw.
export { ApiError };

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { ...(init.body ? { "content-type": "application/json" } : {}), ...(init.headers ?? {}) },
  });
  const type = res.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const error = typeof body === "object" && body?.error ? body.error : { code: `http_${res.status}`, message: String(body) };
    throw new ApiError(res.status, error.code, error.message, error.field);
  }
  return body as T;
}

export const sendJson = <T>(path: string, method: string, data?: unknown) =>
  apiFetch<T>(path, { method, body: data === undefined ? undefined : JSON.stringify(data) });

/** Reads through SWR: cached, revalidated on focus, optionally polled (`refreshInterval`). */
export function useApi<T>(path: string | null, config?: SWRConfiguration<T, ApiError>) {
  return useSWR<T, ApiError>(path, (p: string) => apiFetch<T>(p), config);
}
