"use client";
import { SWRConfig } from "swr";

/**
 * API answers the server already read while rendering the page, keyed by their path: the first
 * render shows them and requests that depend on them start at once (SWR still revalidates).
 */
export function ApiFallback({ fallback, children }: { fallback: Record<string, unknown>; children: React.ReactNode }) {
  return <SWRConfig value={{ fallback }}>{children}</SWRConfig>;
}
