import type { MATERIAL_RULES } from "./limits";

// What an image file is, from its first bytes (magic numbers), never from its name or a declared
// type: WeChat checks the bytes too. Width and height are read from the header where it is cheap.

export type ImageFormat = (typeof MATERIAL_RULES.imageFormats)[number];

export const IMAGE_CONTENT_TYPES: Record<ImageFormat, string> = {
  bmp: "image/bmp",
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
};

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The image format the bytes are in, or null when they are none WeChat accepts as an image. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "gif";
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length >= 26) return "bmp";
  return null;
}

export type ImageSize = { width: number; height: number };

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function jpegSize(bytes: Uint8Array): ImageSize | null {
  const data = view(bytes);
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = data.getUint16(at + 2);
    // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: data.getUint16(at + 5), width: data.getUint16(at + 7) };
    at += 2 + length;
  }
  return null;
}

/** Width and height from the header of an image of `format`; null when the header is cut short or odd. */
export function imageSize(bytes: Uint8Array, format: ImageFormat): ImageSize | null {
  const data = view(bytes);
  try {
    if (format === "png" && bytes.length >= 24) return { width: data.getUint32(16), height: data.getUint32(20) };
    if (format === "gif" && bytes.length >= 10) return { width: data.getUint16(6, true), height: data.getUint16(8, true) };
    if (format === "bmp" && bytes.length >= 26)
      return { width: Math.abs(data.getInt32(18, true)), height: Math.abs(data.getInt32(22, true)) };
    if (format === "jpeg") return jpegSize(bytes);
  } catch {
    return null;
  }
  return null;
}
