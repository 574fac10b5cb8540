import { ApiError, badRequest } from "./errors";
import { notFound } from "@/lib/errors";
import { getPosterForRender, type PosterView } from "@/lib/db/posters";
import type { QrCodeView } from "@/lib/db/qrcodes";
import { codeFileName, contentDisposition } from "@/lib/file-names";
import { effectiveLogo } from "@/lib/db/logos";
import { inRenderSlot, RenderBusyError, renderBusyResponse } from "@/lib/qr/render-slots";
import { config } from "@/lib/config";
import { POSTER_FONT_PATHS, PosterFontMissingError, posterFont, renderPoster } from "@/lib/posters/render";

const fontPaths = () => {
  const font = config().posterFont;
  return font ? [font] : POSTER_FONT_PATHS;
};

export type PosterTemplate = { poster: PosterView; background: Buffer };

/** A poster's size in its file name: the background's width × height. */
export const posterSizeLabel = (poster: Pick<PosterView, "width" | "height">) => `${poster.width}x${poster.height}`;

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
export function drawPoster(
  code: QrCodeView & { url: string },
  { poster, background }: PosterTemplate,
  logo?: Buffer,
): Promise<Buffer> {
  return renderPoster({
    background,
    layout: poster,
    url: code.url,
    logo,
    values: { channel: code.channel, name: code.name, campaign: code.campaign },
    fontPaths: fontPaths(),
  });
}

export async function posterPngResponse(code: QrCodeView & { url: string }, templateId: number): Promise<Response> {
  const template = await templateFor(templateId, [code]);
  try {
    const logo = (await effectiveLogo(code.id))?.png;
    const png = await inRenderSlot(() => drawPoster(code, template, logo));
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        "content-disposition": contentDisposition("attachment", codeFileName(code, posterSizeLabel(template.poster), "png")),
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof RenderBusyError) return renderBusyResponse(error);
    if (error instanceof PosterFontMissingError) throw new ApiError(503, "font_missing", error.message);
    throw error;
  }
}
