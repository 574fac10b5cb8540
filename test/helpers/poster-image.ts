import { createCanvas } from "@napi-rs/canvas";
import { readQr } from "./png";

/** A poster background: a colourful gradient (codes must still scan on it), as PNG or JPEG. */
export function posterBackground(width: number, height: number, type: "png" | "jpeg" = "png"): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  const gradient = ctx.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, "#f97316");
  gradient.addColorStop(1, "#7c3aed");
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, width, height);
  return type === "png" ? canvas.toBuffer("image/png") : canvas.toBuffer("image/jpeg", 90);
}

/** A poster's size and what jsQR reads from it. */
export const readPoster = readQr;
