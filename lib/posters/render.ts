import { existsSync } from "node:fs";
import { createCanvas, GlobalFonts, loadImage } from "@napi-rs/canvas";
import { POSTER_LIMITS } from "@/lib/limits";
import { renderQrPng } from "@/lib/qr/render";
import { captionFont, captionLine, type CaptionValues, type PosterLayout } from "./layout";

// A poster as a PNG: the background, the code drawn from its url by our own QR renderer, and the
// caption in a CJK font. No Next.js or Prisma here.

/** Where the CJK font is looked for (Debian/Ubuntu's fonts-wqy-zenhei). */
export const POSTER_FONT_PATHS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"];
const FAMILY = "QudaoPosterCJK";

/** No CJK font on this machine: the poster cannot be drawn until one is installed. */
export class PosterFontMissingError extends Error {
  constructor(paths: readonly string[]) {
    super(`no CJK font for posters: install the fonts-wqy-zenhei package (looked for ${paths.join(", ")})`);
  }
}

/** Font file → the family it was registered as (registered once per process). */
const registered = new Map<string, string>();

/** Registers the first CJK font found in `paths` with the canvas and returns its family; throws PosterFontMissingError. */
export function posterFont(paths: readonly string[] = POSTER_FONT_PATHS): string {
  for (const path of paths) {
    const known = registered.get(path);
    if (known) return known;
    const family = `${FAMILY}${registered.size}`;
    if (existsSync(path) && GlobalFonts.registerFromPath(path, family)) {
      registered.set(path, family);
      return family;
    }
  }
  throw new PosterFontMissingError(paths);
}

export type PosterInput = {
  /** The template's background, PNG or JPEG, layout.width × layout.height. */
  background: Buffer;
  layout: PosterLayout;
  /** The code's content (its url). */
  url: string;
  values: CaptionValues;
  /** A centre logo (PNG) for the code. */
  logo?: Buffer;
  fontPaths?: readonly string[];
};

/** The poster as a PNG of the background's size. */
export async function renderPoster(input: PosterInput): Promise<Buffer> {
  const family = posterFont(input.fontPaths);
  const { layout } = input;
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(await loadImage(input.background), 0, 0, layout.width, layout.height);

  const qr = await loadImage(
    await renderQrPng(input.url, { size: layout.qrSize, margin: POSTER_LIMITS.qrMargin, logo: input.logo }),
  );
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(qr, layout.qrX, layout.qrY, layout.qrSize, layout.qrSize);

  ctx.font = captionFont(layout.captionSize, family);
  ctx.fillStyle = layout.captionColor;
  ctx.textAlign = layout.captionAlign;
  ctx.textBaseline = "top";
  const line = captionLine(layout, input.values, (s) => ctx.measureText(s).width);
  if (line.text) ctx.fillText(line.text, line.x, line.y);
  return canvas.encode("png");
}
