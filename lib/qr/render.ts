import { LOGO_SHARE, qrMatrix, qrPath } from "./matrix";
import { PNG } from "pngjs";
import { QR_IMAGE_LIMITS } from "@/lib/limits";
import { allocRows, encodePng, type PngRows } from "./png";
import { checkInterlacedInflate } from "./png-inflate-bound";

// WeChat hands back the code's content (`url`); we draw the image ourselves, at any size, instead of
// fetching showqrcode's fixed 430 px JPEG.

export type QrPngOptions = { size?: number; margin?: number; logo?: Buffer };
export type QrSvgOptions = { size?: number; margin?: number; logo?: Buffer };

export const QR_RENDER_LIMITS = {
  size: QR_IMAGE_LIMITS.size,
  margin: QR_IMAGE_LIMITS.margin,
  /** The logo's pad spans at most this share of the image width. */
  logoShare: LOGO_SHARE,
} as const;

function checkInt(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max} (got ${String(value)})`);
  }
  return value;
}

function options(opts: { size?: number; margin?: number }) {
  const { size: s, margin: m } = QR_RENDER_LIMITS;
  return {
    size: checkInt("size", opts.size ?? s.default, s.min, s.max),
    margin: checkInt("margin", opts.margin ?? m.default, m.min, m.max),
  };
}

type Rgba = { width: number; height: number; data: Buffer };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The width and height a PNG declares in its header (IHDR, the first chunk), before any pixel is decoded. */
function declaredSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString("latin1", 12, 16) !== "IHDR")
    throw new TypeError("logo must be a PNG image");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Decoded synchronously: pngjs's streaming parser throws truncated input as an uncaught exception,
 * which would take the server down. A logo at the pixel limit holds the event loop for ~200 ms.
 */
function readLogo(logo: Buffer): Rgba {
  if (!Buffer.isBuffer(logo)) throw new TypeError("logo must be a Buffer holding a PNG image");
  const { width, height } = declaredSize(logo);
  if (width * height > QR_IMAGE_LIMITS.logoPixels)
    throw new RangeError(`logo is ${width}×${height} pixels; at most ${QR_IMAGE_LIMITS.logoPixels.toLocaleString("en")} pixels`);
  checkInterlacedInflate(logo);
  try {
    return PNG.sync.read(logo);
  } catch (err) {
    throw new TypeError(`logo must be a PNG image (${(err as Error).message})`);
  }
}

/** Throws (TypeError or RangeError, with the reason) unless `logo` is a PNG the renderers accept; its size when it is. */
export function checkLogo(logo: Buffer): { width: number; height: number } {
  const { width, height } = readLogo(logo);
  return { width, height };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Where the logo pad goes: centred, at most logoShare of the width, with a rounded outline. */
function padBox(size: number) {
  const side = Math.floor(size * QR_RENDER_LIMITS.logoShare);
  const start = Math.floor((size - side) / 2);
  return { start, side, radius: Math.round(side * 0.18), inset: Math.max(2, Math.round(side * 0.1)) };
}

function insideRounded(x: number, y: number, start: number, side: number, radius: number): boolean {
  const lx = x - start;
  const ly = y - start;
  if (lx < 0 || ly < 0 || lx >= side || ly >= side) return false;
  const cx = lx < radius ? radius : lx >= side - radius ? side - radius - 1 : lx;
  const cy = ly < radius ? radius : ly >= side - radius ? side - radius - 1 : ly;
  const dx = lx - cx;
  const dy = ly - cy;
  return dx * dx + dy * dy <= radius * radius;
}

/** Area-averaged resampling (premultiplied alpha) of the logo into a w×h box; other requests get turns in between. */
async function resample(src: Rgba, w: number, h: number): Promise<Float64Array> {
  const out = new Float64Array(w * h * 4);
  const sx = src.width / w;
  const sy = src.height / h;
  const rowsPerTurn = Math.max(1, Math.floor(h / Math.ceil((src.width * src.height) / 250_000)));
  for (let y = 0; y < h; y++) {
    if (y > 0 && y % rowsPerTurn === 0) await nextTurn();
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0,
        g = 0,
        b = 0,
        a = 0,
        n = 0;
      for (let yy = y0; yy < y1 && yy < src.height; yy++) {
        for (let xx = x0; xx < x1 && xx < src.width; xx++) {
          const i = (yy * src.width + xx) * 4;
          const alpha = src.data[i + 3] / 255;
          r += src.data[i] * alpha;
          g += src.data[i + 1] * alpha;
          b += src.data[i + 2] * alpha;
          a += alpha;
          n++;
        }
      }
      const o = (y * w + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = a / n;
    }
  }
  return out;
}

async function drawLogo(image: PngRows, logo: Rgba): Promise<void> {
  const { width: size, rows } = image;
  const stride = 1 + size * 3;
  const { start, side, radius, inset } = padBox(size);
  for (let y = start; y < start + side; y++) {
    // the rounded square's pixels on a row are one run
    let from = start;
    while (from < start + side && !insideRounded(from, y, start, side, radius)) from++;
    const to = 2 * start + side - from;
    if (from < to) rows.fill(255, y * stride + 1 + from * 3, y * stride + 1 + to * 3);
  }
  const box = side - 2 * inset;
  if (box < 1) return;
  const scale = Math.min(box / logo.width, box / logo.height);
  const w = Math.max(1, Math.round(logo.width * scale));
  const h = Math.max(1, Math.round(logo.height * scale));
  const left = start + Math.floor((side - w) / 2);
  const top = start + Math.floor((side - h) / 2);
  const pixels = await resample(logo, w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 4;
      const d = (top + y) * stride + 1 + (left + x) * 3;
      const alpha = pixels[s + 3];
      // premultiplied source over the white pad
      for (let c = 0; c < 3; c++) rows[d + c] = Math.round(pixels[s + c] + 255 * (1 - alpha));
    }
  }
}

function tooSmall(size: number, count: number): RangeError {
  return new RangeError(`size ${size} px is too small for this content: it needs at least ${count} px (${count} modules)`);
}

/** A size×size PNG of the QR code for `content`; modules are scaled to fill the image exactly. */
export async function renderQrPng(content: string, opts: QrPngOptions = {}): Promise<Buffer> {
  const { size, margin } = options(opts);
  const logo = opts.logo === undefined ? null : readLogo(opts.logo);
  const m = qrMatrix(content, margin, logo !== null);
  if (size < m.count) throw tooSmall(size, m.count);

  // Grey without a logo, RGB with one. Pixel rows that show the same module row are the same bytes.
  const channels = logo ? 3 : 1;
  const image = allocRows(size, size, channels);
  const stride = 1 + size * channels;
  const moduleAt = Int32Array.from({ length: size }, (_, px) => Math.floor((px * m.count) / size));
  for (let y = 0; y < size; y++) {
    const at = y * stride;
    if (y > 0 && moduleAt[y] === moduleAt[y - 1]) {
      image.rows.copyWithin(at, at - stride, at);
      continue;
    }
    for (let x = 0; x < size; x++) {
      if (!m.dark(moduleAt[y], moduleAt[x])) image.rows.fill(255, at + 1 + x * channels, at + 1 + (x + 1) * channels);
    }
  }
  if (logo) await drawLogo(image, logo);
  return encodePng(image);
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

/** The same code as an SVG with the requested pixel width/height (scales cleanly to any size). */
export async function renderQrSvg(content: string, opts: QrSvgOptions = {}): Promise<string> {
  const { size, margin } = options(opts);
  if (opts.logo !== undefined) readLogo(opts.logo); // refuse a non-PNG early
  const m = qrMatrix(content, margin, opts.logo !== undefined);

  const path = qrPath(m);

  let logo = "";
  if (opts.logo !== undefined) {
    const side = m.count * QR_RENDER_LIMITS.logoShare;
    const start = (m.count - side) / 2;
    const inset = side * 0.1;
    const round = (n: number) => Number(n.toFixed(3));
    logo =
      `<rect x="${round(start)}" y="${round(start)}" width="${round(side)}" height="${round(side)}" rx="${round(side * 0.18)}" fill="#fff"/>` +
      `<image x="${round(start + inset)}" y="${round(start + inset)}" width="${round(side - 2 * inset)}" height="${round(side - 2 * inset)}" ` +
      `preserveAspectRatio="xMidYMid meet" href="${escapeAttr(`data:image/png;base64,${opts.logo.toString("base64")}`)}"/>`;
  }

  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${m.count} ${m.count}" shape-rendering="crispEdges">` +
    `<rect width="${m.count}" height="${m.count}" fill="#fff"/>` +
    `<path fill="#000" d="${path}"/>` +
    logo +
    `</svg>\n`
  );
}
