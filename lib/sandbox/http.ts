import { readBodyWithin } from "@/lib/api/read-body";
import { wxError } from "./errors";
import type { ImageResponse, SandboxResponse } from "./wechat-api";

// Web-standard Responses for the sandbox's route handlers (no next/* import, so the handlers also
// run under a plain node:http adapter in tests).

export function jsonResponse(res: SandboxResponse): Response {
  // The content type WeChat's API servers send.
  return new Response(JSON.stringify(res.json), {
    status: res.status,
    headers: { "content-type": "application/json; encoding=utf-8", "cache-control": "no-store" },
  });
}

export function imageResponse(res: ImageResponse): Response {
  return new Response(new Uint8Array(res.body), {
    status: res.status,
    headers: { "content-type": res.contentType, "content-length": String(res.body.length), "cache-control": "no-store" },
  });
}

export function queryOf(request: Request): URLSearchParams {
  return new URL(request.url).searchParams;
}

/**
 * The most a sandbox API reads of a body: its largest real ones, a custom message of 2048 characters
 * (≤ 8 KB as UTF-8) or a batchtagging of 50 openids, fit well. Anyone may call the sandbox, so this is
 * read before anything else.
 */
export const SANDBOX_BODY_MAX_BYTES = 16 * 1024;

/**
 * The body as text for `api`, or HTTP 413 when it is over the limit. WeChat has no code of its own
 * for an oversized request; 45002 (content size out of limit) is its global code closest to it.
 */
export async function withBody(request: Request, api: (body: string) => Promise<SandboxResponse>): Promise<Response> {
  const body = await readBodyWithin(request, SANDBOX_BODY_MAX_BYTES);
  if (body === null) return jsonResponse({ ...wxError(45002), status: 413 });
  return jsonResponse(await api(body.toString("utf8")));
}
