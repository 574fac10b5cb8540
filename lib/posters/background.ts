import { loadImage } from "@napi-rs/canvas";
import { imageSize } from "image-size";
import { POSTER_LIMITS } from "@/lib/limits";

// A poster background as uploaded: what it is and how large, judged from its header before any pixel
// is decoded (a few bytes can declare gigabytes of pixels), then decoded once to be sure it draws.

export type BackgroundInfo = { contentType: "image/png" | "image/jpeg"; width: number; height: number };

/** Why a background is refused (the API answers it as a 400). */
export class BackgroundError extends Error {}

const TYPES = { png: "image/png", jpg: "image/jpeg" } as const;

export async function inspectBackground(bytes: Buffer): Promise<BackgroundInfo> {
  const { backgroundBytes } = POSTER_LIMITS;
  if (bytes.length === 0) throw new BackgroundError("the background image is empty");
  if (bytes.length > backgroundBytes)
    throw new BackgroundError(`the background may be at most ${backgroundBytes / 1024 / 1024} MB`);
  let found: { type?: string; width?: number; height?: number; orientation?: number };
  try {
    found = imageSize(bytes);
  } catch {
    throw new BackgroundError("the background must be a PNG or JPEG image");
  }
  const contentType = TYPES[found.type as keyof typeof TYPES];
  if (!contentType) throw new BackgroundError(`the background must be a PNG or JPEG image (this is ${found.type ?? "unknown"})`);
  checkSide(found.width ?? 0, found.height ?? 0);
  let image: { width: number; height: number };
  try {
    image = await loadImage(bytes);
  } catch (error) {
    throw new BackgroundError(`the background image cannot be read (${(error as Error).message})`);
  }
  // a JPEG's orientation may turn it: what is drawn is what counts
  checkSide(image.width, image.height);
  return { contentType, width: image.width, height: image.height };
}

function checkSide(width: number, height: number) {
  const side = POSTER_LIMITS.backgroundSide;
  if (width < side.min || height < side.min || width > side.max || height > side.max)
    throw new BackgroundError(`the background is ${width}×${height} px; each side must be from ${side.min} to ${side.max} px`);
}
