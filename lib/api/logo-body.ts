import { ApiError, badRequest } from "./errors";
import { readBodyWithin } from "./read-body";
import { json } from "./respond";
import { QR_IMAGE_LIMITS } from "@/lib/limits";
import { checkLogo } from "@/lib/qr/render";
import type { StoredLogo } from "@/lib/db/logos";

/** A logo PNG sent as the request body, at most QR_IMAGE_LIMITS.logoBytes (not yet checked as a PNG). */
export async function readLogoBody(request: Request): Promise<Buffer> {
  const body = await readBodyWithin(request, QR_IMAGE_LIMITS.logoBytes);
  if (body === null)
    throw new ApiError(413, "too_large", `the logo may be at most ${QR_IMAGE_LIMITS.logoBytes / 1024} KB`, "logo");
  if (body.length === 0) throw badRequest("invalid_image", "send the logo PNG as the request body", "logo");
  return body;
}

/** The body as a logo to store: a PNG the renderers accept (signature, pixel limit, inflate bound, decodes). */
export async function readCheckedLogo(request: Request): Promise<{ png: Buffer; width: number; height: number }> {
  const png = await readLogoBody(request);
  try {
    return { png, ...checkLogo(png) };
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw badRequest("invalid_image", error.message, "logo");
    throw error;
  }
}

/** X-Logo-Source says whose logo it is: the code's own or its campaign's. */
export const LOGO_SOURCE_HEADER = "x-logo-source";

/** The stored PNG, revalidated by its fingerprint (a changed logo is never served from a cache). */
export function logoResponse(request: Request, logo: StoredLogo): Response {
  const etag = `"${logo.sha256}"`;
  const headers = {
    etag,
    "cache-control": "private, no-cache",
    [LOGO_SOURCE_HEADER]: logo.owner,
    "x-logo-owner-id": String(logo.ownerId),
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(logo.png), { headers: { ...headers, "content-type": "image/png" } });
}

/** What PUT answers: whose logo it now is, its fingerprint and size. */
export function storedLogoAnswer(logo: StoredLogo, size: { width: number; height: number }): Response {
  return json({ source: logo.owner, ownerId: logo.ownerId, sha256: logo.sha256, bytes: logo.png.length, ...size });
}
