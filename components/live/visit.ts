import { clientAddress } from "@/lib/auth/client-address";
import { config } from "@/lib/config";
import { liveTicketForVisit, type ShownTicket } from "@/lib/qrcodes/live";
import { isLiveSlug } from "@/lib/qrcodes/live-slug";
import { VisitorLimitError } from "@/lib/qrcodes/visitor-limit";
import { log } from "@/lib/log";

/** What a visit of /q/{slug} or its image finds: the ticket to show, or why there is none. */
export type Visit =
  | { kind: "shown"; ticket: ShownTicket }
  | { kind: "not_found" }
  | { kind: "busy"; retryAfterSeconds: number }
  | { kind: "unavailable" };

export async function visitLiveCode(request: Request, slug: string): Promise<Visit> {
  if (!isLiveSlug(slug)) return { kind: "not_found" };
  try {
    const address = clientAddress(request.headers.get("x-forwarded-for"), config().trustedProxyHops);
    const ticket = await liveTicketForVisit(slug, address);
    return ticket ? { kind: "shown", ticket } : { kind: "not_found" };
  } catch (error) {
    if (error instanceof VisitorLimitError) return { kind: "busy", retryAfterSeconds: error.retryAfterSeconds };
    log().error({ err: error, slug }, "live code could not be shown");
    return { kind: "unavailable" };
  }
}

/** Seconds from now until `at`, at least 0. */
export const secondsUntil = (at: Date) => Math.max(0, Math.floor((at.getTime() - Date.now()) / 1000));

/** Seconds the page waits before trying again when WeChat could not be reached. */
export const UNAVAILABLE_RETRY_SECONDS = 30;
