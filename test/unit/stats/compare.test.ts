import { test } from "node:test";
import assert from "node:assert/strict";
import { change, previousRange } from "@/lib/stats/compare";

test("the previous range has as many days and ends the day before", () => {
  assert.deepEqual(previousRange("2026-03-15", "2026-03-15"), { from: "2026-03-14", to: "2026-03-14" });
  assert.deepEqual(previousRange("2026-03-01", "2026-03-31"), { from: "2026-01-29", to: "2026-02-28" });
  assert.deepEqual(previousRange("2026-01-01", "2026-01-07"), { from: "2025-12-25", to: "2025-12-31" });
  assert.deepEqual(previousRange("2024-03-01", "2024-03-01"), { from: "2024-02-29", to: "2024-02-29" }, "a leap day");
});

test("a change: the difference and its share of the old value, none of nothing", () => {
  assert.deepEqual(change(12, 10), { diff: 2, share: 0.2 });
  assert.deepEqual(change(5, 10), { diff: -5, share: -0.5 });
  assert.deepEqual(change(3, 0), { diff: 3, share: null });
  assert.deepEqual(change(0, 0), { diff: 0, share: null });
});
