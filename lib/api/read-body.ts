import { ApiError } from "./errors";

// Every request body the app reads goes through here, with a named limit: a body is never read
// whole before its size is known to be bearable, authenticated caller or not.

/**
 * Past its limit a body is still read, and dropped, up to this size: left unread, the request is
 * cut off by the server in front of Next before the client has read our 413 (it sees a reset).
 * A larger body is cut off at once (as the webhook's front does with the same size).
 */
export const DRAIN_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads at most `limit` bytes of a request body; returns null as soon as it is larger (nothing more
 * is kept). Past the limit the rest is drained up to DRAIN_MAX_BYTES; a limit above that (an image
 * upload of 10 MB) is its own cut-off, so nothing past it is read.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Buffer | null> {
  const cutOff = Math.max(limit, DRAIN_MAX_BYTES);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > cutOff) {
    await request.body?.cancel().catch(() => {});
    return null;
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cutOff) {
      await reader.cancel().catch(() => {});
      return null;
    }
    if (size <= limit) chunks.push(value);
  }
  return size > limit || declared > limit ? null : Buffer.concat(chunks);
}

/** The 413 a JSON API answers for a body over its limit. */
export function bodyTooLarge(limit: number): ApiError {
  return new ApiError(413, "too_large", `request body is larger than ${limit} bytes`);
}

/** The body as UTF-8 text, or a 413 (thrown) when it is over `limit` bytes. */
export async function readTextWithin(request: Request, limit: number): Promise<string> {
  const body = await readBodyWithin(request, limit);
  if (body === null) throw bodyTooLarge(limit);
  return body.toString("utf8");
}
