"use client";
import useSWR, { type SWRConfiguration } from "swr";
import { ApiError } from "@/lib/api/errors";

// Errors reach the browser as `{"error":{"code","message","field"?}}` and become the same ApiError the server threw.
export { ApiError };

type ErrorBody = { error?: { code: string; message: string; field?: string } };

function refusal(status: number, body: unknown, fallback: string): ApiError {
  const error = (typeof body === "object" && body !== null && (body as ErrorBody).error) || {
    code: `http_${status}`,
    message: fallback,
  };
  return new ApiError(status, error.code, error.message, error.field);
}

/** A response that is not ok, as the ApiError the server threw (`http_<status>` when it sent no error body). */
export async function refusalOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the text itself is the message
  }
  return refusal(res.status, body, text || res.statusText || `HTTP ${res.status}`);
}

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { ...(init.body ? { "content-type": "application/json" } : {}), ...(init.headers ?? {}) },
  });
  const type = res.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw refusal(res.status, body, String(body));
  return body as T;
}

export const sendJson = <T>(path: string, method: string, data?: unknown) =>
  apiFetch<T>(path, { method, body: data === undefined ? undefined : JSON.stringify(data) });

/** Reads through SWR: cached, revalidated on focus, optionally polled (`refreshInterval`). */
export function useApi<T>(path: string | null, config?: SWRConfiguration<T, ApiError>) {
  return useSWR<T, ApiError>(path, (p: string) => apiFetch<T>(p), config);
}
