import jsQR from "jsqr";
import { PNG } from "pngjs";

/** A PNG's size and what jsQR reads from it (null: no code found). */
export function readQr(png: Buffer): { width: number; height: number; content: string | null } {
  const image = PNG.sync.read(png);
  const found = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  return { width: image.width, height: image.height, content: found?.data ?? null };
}

/**
 * A valid PNG header declaring width × height over one pixel of data: what a decompression bomb
 * looks like to anything that trusts the header (a decoder allocates width × height × 4 bytes).
 */
export function declaringPng(width: number, height: number): Buffer {
  const png = PNG.sync.write(new PNG({ width: 1, height: 1 }));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29); // IHDR's own CRC, so the header checks out
  return png;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
