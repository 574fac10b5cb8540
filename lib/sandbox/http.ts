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
