import { test } from "node:test";
import assert from "node:assert/strict";
import { oldEnoughBy, retentionBuckets } from "@/lib/stats/retention";

const daysFrom = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

test("the last follow days old enough for 1, 7 and 30 days", () => {
  assert.deepEqual(oldEnoughBy("2026-12-03"), ["2026-12-01", "2026-11-25", "2026-11-02"]);
});

test("a long range: whole weeks evenly old as weeks, the ends and the weeks the 1-, 7- and 30-day marks cut as days", () => {
  // Today 12-03 (Thursday): old enough for 1 day up to 12-01, 7 days up to 11-25, 30 days up to 11-02.
  const { weeks, days } = retentionBuckets("2026-09-02", "2026-12-02", "2026-12-03");
  assert.deepEqual(weeks, [
    "2026-09-07",
    "2026-09-14",
    "2026-09-21",
    "2026-09-28",
    "2026-10-05",
    "2026-10-12",
    "2026-10-19",
    "2026-10-26",
    "2026-11-09",
    "2026-11-16",
  ]);
  assert.deepEqual(days, [
    ...daysFrom("2026-09-02", 5), // Wednesday to Sunday before the first whole week
    ...daysFrom("2026-11-02", 7), // cut by the 30-day mark (11-02 old enough, 11-03 not)
    ...daysFrom("2026-11-23", 7), // cut by the 7-day mark (11-25)
    ...daysFrom("2026-11-30", 3), // the range ends on Wednesday (and the 1-day mark cuts it)
  ]);
});

test("every day of the range is read once, as a day or in its week", () => {
  for (const [from, to, today] of [
    ["2026-01-01", "2026-12-31", "2027-01-01"],
    ["2026-11-30", "2026-11-30", "2026-12-03"],
    ["2026-11-02", "2026-11-08", "2026-12-03"],
    ["2026-11-09", "2026-11-15", "2026-12-03"],
    ["2026-12-01", "2026-12-07", "2026-12-03"],
  ]) {
    const { weeks, days } = retentionBuckets(from, to, today);
    const covered = [...days, ...weeks.flatMap((w) => daysFrom(w, 7))].sort();
    const n = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    assert.deepEqual(covered, daysFrom(from, n), `${from}..${to}`);
    for (const w of weeks) assert.equal(new Date(`${w}T00:00:00Z`).getUTCDay(), 1, `${w} is a Monday`);
  }
  assert.deepEqual(retentionBuckets("2026-11-09", "2026-11-15", "2026-12-03"), { weeks: ["2026-11-09"], days: [] });
  assert.deepEqual(retentionBuckets("2026-11-02", "2026-11-08", "2026-12-03").weeks, [], "cut by the 30-day mark");
});
