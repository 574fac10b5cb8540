import { ApiError, badRequest } from "./errors";
import { notFound } from "@/lib/errors";
import { getPosterForRender, type PosterView } from "@/lib/db/posters";
import type { QrCodeView } from "@/lib/db/qrcodes";
import { codeFileBase } from "@/lib/file-names";
import { inRenderSlot, RenderBusyError, renderBusyResponse } from "@/lib/qr/render-slots";
import { config } from "@/lib/config";
import { POSTER_FONT_PATHS, PosterFontMissingError, posterFont, renderPoster } from "@/lib/posters/render";

const fontPaths = () => {
  const font = config().posterFont;
  return font ? [font] : POSTER_FONT_PATHS;
};

export type PosterTemplate = { poster: PosterView; background: Buffer };

/** `Content-Disposition: attachment` for a name that may hold Chinese (RFC 6266: an ASCII fallback and filename*). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const posterFileName = (code: Pick<QrCodeView, "id" | "channel" | "name">) => `${codeFileBase(code)}-poster.png`;

/** The template for these codes; the codes must be of its account. The font is checked here, before any work. */
export async function templateFor(templateId: number, codes: Pick<QrCodeView, "id" | "accountId">[]): Promise<PosterTemplate> {
  const template = await getPosterForRender(templateId);
  if (!template) throw notFound("poster template");
  const other = codes.filter((code) => code.accountId !== template.poster.accountId);
  if (other.length)
    throw badRequest(
      "other_account",
      `poster template ${templateId} belongs to another account than code ${other.map((c) => c.id).join(", ")}`,
      "template",
    );
  fontOrUnavailable();
  return template;
}

/** 503 when the machine has no CJK font: something to install, not a server fault. */
export function fontOrUnavailable(): string {
  try {
    return posterFont(fontPaths());
  } catch (error) {
    if (error instanceof PosterFontMissingError) throw new ApiError(503, "font_missing", error.message);
    throw error;
  }
}

/** One code's poster (without the render slot). */
export function drawPoster(code: QrCodeView & { url: string }, { poster, background }: PosterTemplate): Promise<Buffer> {
  return renderPoster({
    background,
    layout: poster,
    url: code.url,
    values: { channel: code.channel, name: code.name, campaign: code.campaign },
    fontPaths: fontPaths(),
  });
}

export async function posterPngResponse(code: QrCodeView & { url: string }, templateId: number): Promise<Response> {
  const template = await templateFor(templateId, [code]);
  try {
    const png = await inRenderSlot(() => drawPoster(code, template));
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        "content-disposition": attachment(posterFileName(code)),
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof RenderBusyError) return renderBusyResponse(error);
    if (error instanceof PosterFontMissingError) throw new ApiError(503, "font_missing", error.message);
    throw error;
  }
}
