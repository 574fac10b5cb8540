import { ApiError } from "./errors";
import { config } from "@/lib/config";

/** The methods that change something; a cookie may carry them only from our own pages. */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const changesState = (method: string) => STATE_CHANGING.has(method.toUpperCase());

/**
 * The origins our own pages are served from: the configured public URL (NEXTAUTH_URL), and the
 * Host the request was sent to with the scheme it arrived with (a proxy's X-Forwarded-Proto).
 * A browser always sends the real Host of the URL it requests, and never lets a page set it.
 */
function ownOrigins(request: Request): string[] {
  const origins = [new URL(config().publicUrl).origin];
  const host = request.headers.get("host");
  if (host) {
    const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase();
    const scheme = forwarded === "https" || forwarded === "http" ? forwarded : new URL(request.url).protocol.slice(0, -1);
    const origin = originOf(`${scheme}://${host}`);
    if (origin) origins.push(origin);
  }
  return origins;
}

/** True when the request's Origin header names one of our own origins (`null` and a missing Origin never do). */
export function fromOwnOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const named = originOf(origin);
  return named !== null && ownOrigins(request).includes(named);
}

/** `scheme://host[:port]` as URL spells it (lower case, no default port); null when it is not one. */
function originOf(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

export const crossOrigin = () =>
  new ApiError(403, "cross_origin", "This request must come from Qudao's own pages: its Origin header is missing or foreign");

/**
 * A session cookie is sent by the browser whoever's page makes the request (SameSite=Lax lets
 * every page on the same host through, other ports included), so a change made with it must carry
 * our own Origin. API tokens are never sent by a browser on its own and need no such proof.
 */
export function requireOwnOrigin(request: Request): void {
  if (changesState(request.method) && !fromOwnOrigin(request)) throw crossOrigin();
}
