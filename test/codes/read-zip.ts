import assert from "node:assert/strict";
import zlib from "node:zlib";

export type Listed = { name: string; method: number; crc: number; compressed: number; size: number; flags: number; data: Buffer };

const UTF8_NAMES = 0x0800;
const DATA_DESCRIPTOR = 0x0008;

let table: Uint32Array | null = null;

/** CRC-32 (IEEE), computed here rather than trusted from the archive. */
export function crc32(data: Uint8Array): number {
  if (typeof zlib.crc32 === "function") return zlib.crc32(data) >>> 0;
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Reads an archive the way unzip does: from the end record, through the central directory, to each
 * local header; inflates each entry and checks its CRC and size against the directory (and, for
 * entries written while streaming, against the data descriptor after the data).
 */
export function readZip(zip: Buffer): Listed[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, "end of central directory record");
  const count = zip.readUInt16LE(end + 10);
  const dirSize = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  assert.equal(at + dirSize, end, "central directory ends where the end record starts");
  const out: Listed[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "central header signature");
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString("utf8");
    if (flags & UTF8_NAMES) assert.ok(Buffer.from(name, "utf8").equals(nameBytes), `${name}: valid UTF-8`);
    assert.equal(zip.readUInt32LE(local), 0x04034b50, "local header signature");
    const localFlags = zip.readUInt16LE(local + 6);
    assert.equal(localFlags, flags, `${name}: local and central flags agree`);
    assert.ok(
      zip.subarray(local + 30, local + 30 + zip.readUInt16LE(local + 26)).equals(nameBytes),
      `${name}: local and central names agree`,
    );
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (flags & DATA_DESCRIPTOR) {
      // Written before the data was known: the local header has zeros, the descriptor after the data has the values.
      let d = start + compressed;
      if (zip.readUInt32LE(d) === 0x08074b50) d += 4;
      assert.equal(zip.readUInt32LE(d), crc, `${name}: data descriptor CRC`);
      assert.equal(zip.readUInt32LE(d + 4), compressed, `${name}: data descriptor compressed size`);
      assert.equal(zip.readUInt32LE(d + 8), size, `${name}: data descriptor size`);
    } else {
      assert.equal(zip.readUInt32LE(local + 14), crc, `${name}: local and central CRC agree`);
    }
    const raw = zip.subarray(start, start + compressed);
    assert.ok(method === 0 || method === 8, `${name}: stored or deflated (method ${method})`);
    const data = method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    assert.equal(data.length, size, `${name}: size`);
    assert.equal(crc32(data), crc, `${name}: CRC of the data`);
    out.push({ name, method, crc, compressed, size, flags, data });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
