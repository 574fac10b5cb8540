import { errorResponse, json } from "@/lib/api/respond";
import { readQuery } from "@/lib/api/handler";
import { renderQrPng } from "@/lib/qr/render";
import { inRenderSlot, RenderBusyError, renderBusyResponse } from "@/lib/qr/render-slots";
import { liveImageQuery } from "@/lib/validation/qrcodes";
import { secondsUntil, UNAVAILABLE_RETRY_SECONDS, visitLiveCode } from "./visit";

const problem = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  json({ error: { code, message } }, status, headers);

/**
 * /q/{slug}/image.png: the shared ticket's image may be cached until the ticket is due for renewal
 * (so no cache ever holds it past its expiry); an image drawn for one visit is never cached.
 */
export async function liveCodeImageResponse(request: Request, slug: string): Promise<Response> {
  try {
    const { size, margin } = readQuery(request, liveImageQuery);
    const visit = await visitLiveCode(request, slug);
    if (visit.kind === "not_found") return problem(404, "not_found", "no live code has this address");
    if (visit.kind === "busy")
      return problem(
        429,
        "too_many_requests",
        `too many codes drawn from this address; try again in ${visit.retryAfterSeconds} s`,
        {
          "retry-after": String(visit.retryAfterSeconds),
        },
      );
    if (visit.kind === "unavailable")
      return problem(503, "wechat_unavailable", "WeChat could not be reached for a code; try again shortly", {
        "retry-after": String(UNAVAILABLE_RETRY_SECONDS),
      });
    const { ticket } = visit;
    const png = await inRenderSlot(() => renderQrPng(ticket.url, { size, margin }));
    const cache = ticket.perVisit ? "no-store" : `public, max-age=${secondsUntil(ticket.refreshAt)}`;
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        "cache-control": cache,
        ...(ticket.perVisit ? {} : { expires: ticket.refreshAt.toUTCString() }),
        "content-disposition": `inline; filename="${slug}.png"`,
      },
    });
  } catch (error) {
    if (error instanceof RenderBusyError) return renderBusyResponse(error);
    return errorResponse(error, request);
  }
}
