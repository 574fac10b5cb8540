import assert from "node:assert/strict";
import zlib from "node:zlib";

export type Listed = { name: string; method: number; crc: number; compressed: number; size: number; flags: number; data: Buffer };

/** Reads an archive the way unzip does: from the end record, through the central directory, to each local header. */
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
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    assert.equal(zip.readUInt32LE(local), 0x04034b50, "local header signature");
    assert.equal(zip.readUInt32LE(local + 14), crc, "local and central CRC agree");
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    const data = method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    out.push({ name, method, crc, compressed, size, flags, data });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
