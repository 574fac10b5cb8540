import { inflateSync } from "node:zlib";

// A PNG's header says how many bytes its image data inflates to. pngjs bounds its inflate by that
// for plain PNGs but not for interlaced ones: 400 KB of IDAT declaring 64×64 inflated to 400 MB.

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
// Adam7's seven passes: first column, first row, column step, row step.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The bytes an interlaced image's data inflates to: each pass's rows, each with its filter byte. */
export function adam7Bytes(width: number, height: number, bitsPerPixel: number): number {
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const columns = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const rows = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    if (columns && rows) total += rows * (Math.ceil((columns * bitsPerPixel) / 8) + 1);
  }
  return total;
}

/** Throws a RangeError when an interlaced PNG's image data inflates to more than its header declares. */
export function checkInterlacedInflate(png: Buffer): void {
  if (png.length < 33 || png[28] !== 1) return; // IHDR's interlace method: 1 is Adam7
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bitsPerPixel = (CHANNELS[png[25] ?? -1] ?? 4) * (png[24] ?? 8);
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const expected = adam7Bytes(width, height, bitsPerPixel);
  try {
    inflateSync(Buffer.concat(idat), { maxOutputLength: Math.max(1, expected) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new RangeError(`logo's image data inflates to more than its declared ${width}×${height} pixels`);
    // Damaged data: pngjs says what is wrong.
  }
}
