import { getLocale, getT } from "@/lib/i18n/server";
import { renderQrPng } from "@/lib/qr/render";
import { inRenderSlot, RenderBusyError } from "@/lib/qr/render-slots";
import { QR_IMAGE_LIMITS } from "@/lib/limits";
import { liveCodeHtml, liveNoticeHtml } from "./public-page";
import { secondsUntil, UNAVAILABLE_RETRY_SECONDS, visitLiveCode } from "./visit";

const html = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      vary: "accept-language, cookie",
      ...headers,
    },
  });

/** /q/{slug}: the code to scan, or a page saying why there is none (404, 429, 503), never a stack trace. */
export async function liveCodePageResponse(request: Request, slug: string): Promise<Response> {
  const [locale, t, visit] = await Promise.all([getLocale(), getT(), visitLiveCode(request, slug)]);
  if (visit.kind === "not_found")
    return html(liveNoticeHtml({ locale, title: t("live.page.notFoundTitle"), message: t("live.page.notFound") }), 404);
  if (visit.kind === "busy") {
    const seconds = visit.retryAfterSeconds;
    const message = t("live.page.busy", { seconds });
    return html(liveNoticeHtml({ locale, title: t("live.page.busyTitle"), message, reloadSeconds: seconds }), 429, {
      "retry-after": String(seconds),
    });
  }
  const unavailable = () =>
    html(
      liveNoticeHtml({
        locale,
        title: t("live.page.unavailableTitle"),
        message: t("live.page.unavailable"),
        reloadSeconds: UNAVAILABLE_RETRY_SECONDS,
      }),
      503,
      { "retry-after": String(UNAVAILABLE_RETRY_SECONDS) },
    );
  if (visit.kind === "unavailable") return unavailable();

  const { ticket } = visit;
  let imageSrc: string;
  if (ticket.perVisit) {
    // This visit's own ticket: only this page may show it, so it travels inside the page.
    try {
      const png = await inRenderSlot(() => renderQrPng(ticket.url, { size: QR_IMAGE_LIMITS.size.default }));
      imageSrc = `data:image/png;base64,${png.toString("base64")}`;
    } catch (error) {
      if (error instanceof RenderBusyError) return unavailable();
      throw error;
    }
  } else {
    // The shared ticket: its image URL changes with the ticket, so a cached image is never a stale one.
    imageSrc = `/q/${slug}/image.png?v=${ticket.expiresAt.getTime().toString(36)}`;
  }
  const reloadSeconds = Math.min(secondsUntil(ticket.refreshAt), MAX_RELOAD_SECONDS);
  return html(liveCodeHtml({ t, locale, accountName: ticket.code.accountName, imageSrc, reloadSeconds }), 200);
}

/** A page left open for days still reloads daily (its language, the code's status). */
const MAX_RELOAD_SECONDS = 86_400;
