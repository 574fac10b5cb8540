import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays, includesDay, longBucket, presetRange, shortBucket, todayIn } from "@/components/stats/dates";
import { fitText, niceTicks } from "@/components/stats/scale";
import { conversion } from "@/lib/stats/metrics";
import { dateRange, rangeDays } from "@/lib/validation/stats";

test("today is the account's calendar day, not the machine's", () => {
  const instant = new Date("2026-03-14T16:30:00Z"); // 00:30 on the 15th in Shanghai
  assert.equal(todayIn("Asia/Shanghai", instant), "2026-03-15");
  assert.equal(todayIn("UTC", instant), "2026-03-14");
  assert.equal(todayIn("America/Los_Angeles", instant), "2026-03-14");
});

test("presets are whole days ending today; this month starts on the 1st", () => {
  assert.deepEqual(presetRange("today", "2026-03-01"), { from: "2026-03-01", to: "2026-03-01" });
  assert.deepEqual(presetRange("yesterday", "2026-03-01"), { from: "2026-02-28", to: "2026-02-28" });
  assert.deepEqual(presetRange("yesterday", "2028-03-01"), { from: "2028-02-29", to: "2028-02-29" }, "leap day");
  assert.deepEqual(presetRange("7d", "2026-01-03"), { from: "2025-12-28", to: "2026-01-03" });
  assert.equal(rangeDays(presetRange("30d", "2026-03-15").from, "2026-03-15"), 30);
  assert.deepEqual(presetRange("month", "2026-11-25"), { from: "2026-11-01", to: "2026-11-25" });
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.ok(includesDay({ from: "2026-03-01", to: "2026-03-15" }, "2026-03-15"));
  assert.ok(!includesDay({ from: "2026-03-01", to: "2026-03-14" }, "2026-03-15"));
});

test("the custom range follows the API's schema", () => {
  assert.ok(dateRange.safeParse({ from: "2026-03-01", to: "2026-03-01" }).success);
  assert.ok(!dateRange.safeParse({ from: "2026-03-02", to: "2026-03-01" }).success);
  assert.ok(dateRange.safeParse({ from: "2025-03-14", to: "2026-03-15" }).success);
  assert.ok(!dateRange.safeParse({ from: "2025-03-13", to: "2026-03-15" }).success);
  assert.ok(!dateRange.safeParse({ from: "2026-02-29", to: "2026-03-01" }).success);
});

test("bucket labels, axis ticks, label fitting and conversion", () => {
  assert.equal(shortBucket("2026-03-15"), "03-15");
  assert.equal(shortBucket("2026-03-15T09:00"), "09:00");
  assert.equal(longBucket("2026-03-15T23:00"), "2026-03-15 23:00–00:00");
  assert.equal(longBucket("2026-03-15"), "2026-03-15");
  assert.deepEqual(niceTicks(0, 1), [0, 1]);
  assert.deepEqual(niceTicks(0, 5), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(niceTicks(0, 97), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(-3, 8), [-5, 0, 5, 10]);
  assert.ok(niceTicks(0, 12345).every((v) => Number.isInteger(v)));
  assert.equal(fitText("地铁", 100), "地铁");
  assert.match(fitText("一个非常非常非常长的渠道名称", 80), /…$/);
  assert.equal(conversion({ newFollowers: 1, uniqueScanners: 4 }), 0.25);
  assert.equal(conversion({ newFollowers: 0, uniqueScanners: 0 }), null);
});
