import { test } from "node:test";
import assert from "node:assert/strict";
import { planTraffic, summarize } from "@/lib/scans/traffic-plan";
import { localDayStart } from "@/lib/scans/traffic";

// A generated day must be one that could have happened: each person's scans in order and in today's
// hours so far, unfollows after their last scan, only by today's new followers, at the rate asked.

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

test("a planned day: N scans by K people, most once, in today's hours so far; unfollows after the last scan, at the rate", () => {
  const now = Date.parse("2026-12-02T06:30:00Z") / 1000;
  const dayStart = localDayStart(now, "Asia/Shanghai");
  assert.equal(dayStart, Date.parse("2026-12-01T16:00:00Z") / 1000, "midnight in Shanghai");
  const plan = planTraffic({
    scans: 400,
    people: 300,
    unfollowRate: 0.1,
    followers: ["o_old_1", "o_old_2", "o_old_3"],
    dayStart,
    now,
    prefix: "o_new_",
    random: seeded(7),
  });
  const summary = summarize(plan);
  assert.deepEqual(summary, { scans: 400, people: 300, newFollowers: 297, returning: 3, unfollows: 30 });
  assert.equal(new Set(plan.map((p) => p.openid)).size, 300);
  assert.ok(plan.filter((p) => p.scans.length === 1).length > 200, "most people scan once");
  for (const person of plan) {
    assert.ok(person.scans.length >= 1);
    for (const [i, at] of person.scans.entries()) {
      assert.ok(at >= dayStart && at <= now, "within today's hours so far");
      if (i > 0) assert.ok(at > person.scans[i - 1], "a person's scans one after the other, a second apart at least");
    }
    if (person.unfollowAt !== null) {
      assert.equal(person.returning, false, "only today's new followers unfollow");
      assert.ok(person.unfollowAt > person.scans[person.scans.length - 1]);
    }
  }
});

test("no followers yet: everyone is new; a rate of 0 or 1 is none or all", () => {
  const base = { scans: 10, people: 10, followers: [], dayStart: 1_000_000, now: 1_036_000, prefix: "o_", random: seeded(3) };
  assert.equal(summarize(planTraffic({ ...base, unfollowRate: 0 })).unfollows, 0);
  assert.deepEqual(summarize(planTraffic({ ...base, unfollowRate: 1 })), {
    scans: 10,
    people: 10,
    newFollowers: 10,
    returning: 0,
    unfollows: 10,
  });
});

test("just after midnight: a person's scans still get a second each, none after now (WeChat takes one CreateTime twice as a retry)", () => {
  const now = 2_000_000;
  const [person] = planTraffic({
    scans: 5,
    people: 1,
    unfollowRate: 0,
    followers: [],
    dayStart: now - 4,
    now,
    prefix: "o_",
    random: seeded(11),
  });
  assert.deepEqual(person.scans, [now - 4, now - 3, now - 2, now - 1, now]);
});
