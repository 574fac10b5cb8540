"use client";
import { refusalOf } from "@/lib/client/api";
import { QR_IMAGE_LIMITS } from "@/lib/limits";

// The browser's side of stored logos (PUT/GET/DELETE …/logo): what the user picks, PNG or JPEG, is
// redrawn on a canvas as a PNG within the server's limits, so only PNGs are ever uploaded.

export type LogoSource = "code" | "campaign";
export type LoadedLogo = { image: HTMLImageElement; source: LogoSource };

/** Largest side tried first; halved while the PNG is over QR_IMAGE_LIMITS.logoBytes. The pad shows it at most ~100 px per 430. */
const FIRST_SIDE = 512;

function imageFrom(blob: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(blob);
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("unreadable image"));
    };
    image.src = url;
  });
}

function canvasPng(image: HTMLImageElement, side: number): Promise<Blob> {
  const scale = Math.min(1, side / Math.max(image.naturalWidth, image.naturalHeight));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
  const ctx = canvas.getContext("2d");
  if (!ctx) return Promise.reject(new Error("this browser cannot draw on a canvas"));
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("could not make a PNG"))), "image/png"),
  );
}

/** The picked PNG or JPEG as a PNG the server accepts (within its byte and pixel limits), and as an image to draw. */
export async function logoPngOf(file: Blob): Promise<{ png: Blob; image: HTMLImageElement }> {
  const picked = await imageFrom(file);
  const pixelSide = Math.floor(Math.sqrt(QR_IMAGE_LIMITS.logoPixels));
  for (let side = Math.min(FIRST_SIDE, pixelSide); side >= 16; side = Math.floor(side / 2)) {
    const png = await canvasPng(picked, side);
    if (png.size <= QR_IMAGE_LIMITS.logoBytes) return { png, image: await imageFrom(png) };
  }
  throw new Error("unreadable image");
}

/** The stored logo at `path` (…/logo), or null when there is none. */
export async function fetchLogo(path: string): Promise<LoadedLogo | null> {
  const res = await fetch(path, { cache: "no-cache" });
  if (res.status === 404) {
    const refusal = await refusalOf(res);
    if (refusal.code === "no_logo") return null;
    throw refusal;
  }
  if (!res.ok) throw await refusalOf(res);
  const source = res.headers.get("x-logo-source") === "campaign" ? "campaign" : "code";
  return { image: await imageFrom(await res.blob()), source };
}

export async function putLogo(path: string, png: Blob): Promise<void> {
  const res = await fetch(path, { method: "PUT", headers: { "content-type": "image/png" }, body: png });
  if (!res.ok) throw await refusalOf(res);
}

export async function deleteLogo(path: string): Promise<void> {
  const res = await fetch(path, { method: "DELETE" });
  if (!res.ok) throw await refusalOf(res);
}
