import { test } from "node:test";
import assert from "node:assert/strict";
import { COUNTED, countsOf, METRICS, RATIOS, type CountedMetric } from "@/lib/stats/metrics";
import { stats } from "@/lib/i18n/messages/stats";

test("every metric and ratio has its name and hint in both languages", () => {
  for (const name of [...METRICS, ...RATIOS])
    for (const key of [`stats.metric.${name}`, `stats.metric.${name}Hint`] as const) {
      assert.ok(stats.zh[key], `zh ${key}`);
      assert.ok(stats.en[key], `en ${key}`);
    }
});

test("the worked-out metrics follow from the counted ones, every metric in the list's order", () => {
  const counts = countsOf(Object.fromEntries(COUNTED.map((m, i) => [m, 2 ** i])) as Record<CountedMetric, number>);
  assert.deepEqual(Object.keys(counts), [...METRICS]);
  assert.ok(!(COUNTED as readonly string[]).includes("netFollows"));
  assert.equal(counts.netFollows, counts.newFollows - counts.unfollows);
});
