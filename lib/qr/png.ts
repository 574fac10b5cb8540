import { promisify } from "node:util";
import { crc32, deflate } from "node:zlib";

// A minimal PNG writer for what the server draws: 8-bit grey or RGB rows, no filter, compressed by
// zlib on libuv's thread pool. Compression is most of the work of a large image (pngjs does it
// synchronously: a 2048 px code held the event loop for ~350 ms, and /api/health waited behind it).

const deflateAsync = promisify(deflate);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}

export type PngRows = {
  width: number;
  height: number;
  /** 1: grey, 3: RGB */
  channels: 1 | 3;
  /** height × (1 + width × channels) bytes: each row is a filter byte (0) and its samples. */
  rows: Buffer;
};

/** Room for `height` rows of `width` pixels, filter bytes included. */
export function allocRows(width: number, height: number, channels: 1 | 3): PngRows {
  return { width, height, channels, rows: Buffer.alloc(height * (1 + width * channels)) };
}

export async function encodePng({ width, height, channels, rows }: PngRows): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = channels === 1 ? 0 : 2; // colour type: grey or RGB
  const data = await deflateAsync(rows, { level: 6 });
  return Buffer.concat([SIGNATURE, chunk("IHDR", header), chunk("IDAT", data), chunk("IEND", Buffer.alloc(0))]);
}
