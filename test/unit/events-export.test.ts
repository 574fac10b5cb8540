import { test } from "node:test";
import assert from "node:assert/strict";
import { toCsv } from "@/lib/csv";
import { CsvRecordCounter } from "@/components/stats/csv-rows";
import { fileNameFromDisposition } from "@/lib/client/download";

test("CSV rows are counted as bytes arrive, whatever the chunking, quoted line breaks and Chinese included", () => {
  const rows = [
    ["2026-01-01T00:00:00.000Z", "scan_subscribe", "o_1", "地铁", 1, "海报 A", "地铁", "双十一"],
    ["2026-01-01T00:00:01.000Z", "scan", "o_2", "x", 2, 'say "hi"\r\nnext line', "朋友圈, 广告", ""],
    ["2026-01-01T00:00:02.000Z", "unsubscribe", "o_3", null, null, null, null, null],
  ];
  const bytes = new TextEncoder().encode(
    toCsv(["occurredAt", "event", "openid", "scene", "qrCodeId", "qrCode", "channel", "campaign"], rows),
  );
  for (const size of [1, 2, 3, 7, 64, bytes.length]) {
    const counter = new CsvRecordCounter();
    for (let i = 0; i < bytes.length; i += size) counter.push(bytes.subarray(i, i + size));
    assert.equal(counter.rows, 3, `chunks of ${size} bytes`);
    assert.equal(counter.records, 4);
  }
  const header = new CsvRecordCounter();
  header.push(new TextEncoder().encode("\uFEFFa,b\r\n"));
  assert.equal(header.rows, 0, "the header is not a row");
  assert.equal(new CsvRecordCounter().rows, 0);
});

test("the saved file takes the server's name from Content-Disposition", () => {
  assert.equal(
    fileNameFromDisposition('attachment; filename="qudao-events-2026-01-01-2026-01-07.csv"', "x.csv"),
    "qudao-events-2026-01-01-2026-01-07.csv",
  );
  assert.equal(
    fileNameFromDisposition("attachment; filename*=UTF-8''%E6%B8%A0%E9%81%93.csv; filename=\"fallback.csv\"", "x.csv"),
    "渠道.csv",
  );
  assert.equal(fileNameFromDisposition("attachment; filename=plain.csv", "x.csv"), "plain.csv");
  assert.equal(fileNameFromDisposition(null, "x.csv"), "x.csv");
  assert.equal(fileNameFromDisposition("attachment", "x.csv"), "x.csv");
});
