import { LOGO_SHARE, qrMatrix } from "@/lib/qr/matrix";

/**
 * Draws the code in the browser exactly as the image API does (same module-to-pixel mapping),
 * then puts the logo on a white rounded pad in the centre; error correction H leaves room for it.
 */
export function drawQrCode(
  content: string,
  opts: { size: number; margin: number; logo?: HTMLImageElement | null },
): HTMLCanvasElement {
  const { size, margin, logo } = opts;
  const m = qrMatrix(content, margin, Boolean(logo));
  if (size < m.count) throw new RangeError(`size ${size} px is too small: this code needs at least ${m.count} px`);

  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser cannot draw on a canvas");
  const image = ctx.createImageData(size, size);
  const moduleAt = Int32Array.from({ length: size }, (_, px) => Math.floor((px * m.count) / size));
  for (let y = 0; y < size; y++) {
    const row = moduleAt[y];
    for (let x = 0; x < size; x++) {
      const dark = m.dark(row, moduleAt[x]);
      const i = (y * size + x) * 4;
      const value = dark ? 0 : 255;
      image.data[i] = value;
      image.data[i + 1] = value;
      image.data[i + 2] = value;
      image.data[i + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);

  if (logo && logo.naturalWidth > 0 && logo.naturalHeight > 0) {
    const side = Math.floor(size * LOGO_SHARE);
    const start = Math.floor((size - side) / 2);
    ctx.fillStyle = "#ffffff";
    ctx.beginPath();
    ctx.roundRect(start, start, side, side, Math.round(side * 0.18));
    ctx.fill();
    const inset = Math.max(2, Math.round(side * 0.1));
    const box = side - 2 * inset;
    const scale = Math.min(box / logo.naturalWidth, box / logo.naturalHeight);
    const w = Math.max(1, Math.round(logo.naturalWidth * scale));
    const h = Math.max(1, Math.round(logo.naturalHeight * scale));
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(logo, start + Math.floor((side - w) / 2), start + Math.floor((side - h) / 2), w, h);
  }
  return canvas;
}
