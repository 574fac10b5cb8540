import zlib from "node:zlib";

// A minimal ZIP writer (PKWARE APPNOTE 6.3): local headers, data, central directory, end record.
// Enough for downloads of a few hundred images: no ZIP64, so under 65,535 entries and 4 GiB.

export type ZipEntry = {
  /** Path inside the archive; UTF-8 (general purpose flag bit 11 is set). */
  name: string;
  data: Buffer | Uint8Array | string;
  date?: Date;
  /** Deflate this entry (kept only when it comes out smaller). Default true; PNGs gain nothing. */
  compress?: boolean;
};

const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
const VERSION_NEEDED = 20; // 2.0: deflate, folders
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const MAX_32 = 0xffffffff;

let table: Uint32Array | null = null;

/** CRC-32 (IEEE): zlib's when the runtime has it (Node ≥ 20.15), else a table-driven one. */
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

/** MS-DOS date and time as ZIP stores them (local time, 2-second resolution, 1980…2107). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

type Prepared = { name: Buffer; method: number; crc: number; size: number; body: Buffer; time: number; date: number };

function prepare(entry: ZipEntry): Prepared {
  const name = Buffer.from(entry.name, "utf8");
  if (name.length === 0 || name.length > 0xffff) throw new RangeError(`zip entry name must be 1…65535 bytes: ${entry.name}`);
  const raw = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
  if (raw.length > MAX_32) throw new RangeError(`zip entry ${entry.name} is too large (no ZIP64 support)`);
  let method = STORED;
  let body = raw;
  if (entry.compress !== false && raw.length > 0) {
    const deflated = zlib.deflateRawSync(raw);
    if (deflated.length < raw.length) {
      method = DEFLATED;
      body = deflated;
    }
  }
  return { name, method, crc: crc32(raw), size: raw.length, body, ...dosDateTime(entry.date ?? new Date()) };
}

/** The whole archive in memory. Names must be unique; order is kept. */
export function createZip(entries: ZipEntry[]): Buffer {
  if (entries.length > 0xffff) throw new RangeError("a zip holds at most 65535 entries without ZIP64");
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;

  for (const entry of entries) {
    if (seen.has(entry.name)) throw new Error(`duplicate zip entry name: ${entry.name}`);
    seen.add(entry.name);
    const e = prepare(entry);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.body.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(MADE_BY_UNIX, 4);
    header.writeUInt16LE(VERSION_NEEDED, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(e.method, 10);
    header.writeUInt16LE(e.time, 12);
    header.writeUInt16LE(e.date, 14);
    header.writeUInt32LE(e.crc, 16);
    header.writeUInt32LE(e.body.length, 20);
    header.writeUInt32LE(e.size, 24);
    header.writeUInt16LE(e.name.length, 28);
    header.writeUInt16LE(0, 30); // extra
    header.writeUInt16LE(0, 32); // comment
    header.writeUInt16LE(0, 34); // disk
    header.writeUInt16LE(0, 36); // internal attributes
    header.writeUInt32LE(REGULAR_FILE_0644, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, e.name);

    parts.push(local, e.name, e.body);
    offset += local.length + e.name.length + e.body.length;
    if (offset > MAX_32) throw new RangeError("zip archive is too large (no ZIP64 support)");
  }

  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...parts, directory, end]);
}

/** A file name that every unzip tool and OS accepts: no separators, control or reserved characters. */
export function safeFileName(value: string, max = 80): string {
  const cleaned = value
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "_");
  const chars = [...cleaned];
  return (chars.length > max ? chars.slice(0, max).join("") : cleaned) || "_";
}
