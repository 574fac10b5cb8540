import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { randomBytes } from "node:crypto";
import { crc32, createZip, safeFileName } from "@/lib/zip";
import { readZip } from "./read-zip";

const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;

const entries = () => [
  { name: "地铁-海报 A-1.png", data: randomBytes(5000), compress: false },
  { name: "manifest.csv", data: "\uFEFFid,name\r\n1,海报 A\r\n".repeat(50) },
  { name: "empty.txt", data: "" },
  { name: "nested/readme.txt", data: Buffer.from("hello ".repeat(1000)) },
];

test("CRC-32 matches the IEEE check value and zlib's", () => {
  assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
  const data = randomBytes(10_000);
  if (typeof zlib.crc32 === "function") assert.equal(crc32(data), zlib.crc32(data) >>> 0);
});

test("entries round-trip with their CRCs, sizes, methods and UTF-8 names", () => {
  const input = entries();
  const listed = readZip(createZip(input));
  assert.deepEqual(listed.map((e) => e.name), input.map((e) => e.name));
  for (const [i, entry] of listed.entries()) {
    const original = typeof input[i].data === "string" ? Buffer.from(input[i].data as string) : (input[i].data as Buffer);
    assert.ok(entry.data.equals(original), entry.name);
    assert.equal(entry.size, original.length);
    assert.equal(entry.crc, crc32(original), `crc of ${entry.name}`);
    assert.equal(entry.flags & 0x0800, 0x0800, "UTF-8 name flag");
  }
  assert.equal(listed[0].method, 0, "PNG data is stored");
  assert.equal(listed[1].method, 8, "text is deflated");
  assert.ok(listed[3].compressed < listed[3].size / 10);
  assert.equal(listed[2].method, 0, "an empty file is stored");
});

test("duplicate names are refused; an empty archive is still a valid zip", () => {
  assert.throws(() => createZip([{ name: "a", data: "1" }, { name: "a", data: "2" }]), /duplicate/);
  const empty = createZip([]);
  assert.equal(empty.length, 22);
  assert.deepEqual(readZip(empty), []);
});

test("the system's unzip lists, tests (CRC) and extracts the archive", { skip: !hasUnzip && "no unzip on this machine" }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "qudao-zip-"));
  try {
    const input = entries();
    const file = path.join(dir, "codes.zip");
    writeFileSync(file, createZip(input));
    const env = { ...process.env, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
    const tested = execFileSync("unzip", ["-t", file], { env }).toString();
    assert.match(tested, /No errors detected/);
    const listing = execFileSync("unzip", ["-Z1", file], { env }).toString().trim().split("\n");
    assert.deepEqual(listing, input.map((e) => e.name));
    const csv = execFileSync("unzip", ["-p", file, "manifest.csv"], { env });
    assert.ok(csv.equals(Buffer.from(input[1].data as string)));
    const png = execFileSync("unzip", ["-p", file, input[0].name], { env });
    assert.ok(png.equals(input[0].data as Buffer));

    // A corrupted byte must be caught by the CRC check: the test can fail.
    const broken = createZip(input);
    const at = 30 + Buffer.byteLength(input[0].name) + 100; // inside the first (stored) entry's data
    broken[at] ^= 0xff;
    writeFileSync(file, broken);
    assert.notEqual(spawnSync("unzip", ["-t", file], { env }).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("file names lose path separators and reserved characters but keep Chinese", () => {
  assert.equal(safeFileName('地铁/2号线:"A"'), "地铁_2号线_A_");
  assert.equal(safeFileName("../etc"), "__etc");
  assert.equal(safeFileName("   "), "_");
  assert.equal([...safeFileName("渠".repeat(100), 10)].length, 10);
});
