import { test } from "node:test";
import assert from "node:assert/strict";
import { compileKeywordReplies, isActiveAt, normalizeKeyword, type KeywordRuleSource } from "@/lib/keywords/match";
import { createKeywordRuleSchema, updateKeywordRuleSchema } from "@/lib/validation/keywords";

const text = (content: string) => ({ type: "text" as const, content });
let nextId = 1;
const rule = (over: Partial<KeywordRuleSource>): KeywordRuleSource => ({
  id: nextId++,
  match: "exact",
  keywords: ["answer"],
  reply: text("right"),
  activeHours: null,
  enabled: true,
  ...over,
});
// 2026-12-02 12:00 UTC = 20:00 in Asia/Shanghai.
const NOON_UTC = Date.UTC(2026, 11, 2, 12, 0) / 1000;
const at = (shanghaiHour: number, minute = 0) => NOON_UTC + ((shanghaiHour - 20) * 60 + minute) * 60;

test("keywords and messages compare after NFC, trimming and lower-casing Latin letters only", () => {
  assert.equal(normalizeKeyword("  Answer\n"), "answer");
  assert.equal(normalizeKeyword("CAFÉ"), "café");
  assert.equal(normalizeKeyword("Cafe\u0301"), "café", "a decomposed é is the composed one");
  assert.equal(normalizeKeyword("ΑΒΓ"), "ΑΒΓ", "Greek is not Latin: compared as typed");
  assert.equal(normalizeKeyword("你好"), "你好");
});

test("exact matches the whole message; contains a part of it; the first matching rule wins, in order", () => {
  const exact = rule({ keywords: ["Answer", "回答"], reply: text("exact") });
  const contains = rule({ match: "contains", keywords: ["ans", "不"], reply: text("contains") });
  const replies = compileKeywordReplies([exact, contains], { timeZone: "Asia/Shanghai", noMatch: null });
  assert.deepEqual(replies.answer(" ANSWER ", NOON_UTC), { source: "rule", ruleId: exact.id, reply: text("exact") });
  assert.deepEqual(replies.answer("回答", NOON_UTC).ruleId, exact.id);
  assert.equal(replies.answer("my answer is", NOON_UTC).ruleId, contains.id, "not exact: the contains rule");
  assert.equal(replies.answer("不知道", NOON_UTC).ruleId, contains.id);
  const reversed = compileKeywordReplies([contains, exact], { timeZone: "Asia/Shanghai", noMatch: null });
  assert.equal(reversed.answer("answer", NOON_UTC).ruleId, contains.id, "order decides, not how exact a rule is");
});

test("no rule matches: the no-match reply if there is one, else nothing; disabled rules never answer", () => {
  const off = rule({ keywords: ["hello"], enabled: false });
  const none = compileKeywordReplies([off], { timeZone: "UTC", noMatch: null });
  assert.deepEqual(none.answer("hello", NOON_UTC), { source: "none", ruleId: null, reply: null });
  const fallback = compileKeywordReplies([off], { timeZone: "UTC", noMatch: text("不对 / not quite") });
  assert.deepEqual(fallback.answer("hello", NOON_UTC), { source: "noMatch", ruleId: null, reply: text("不对 / not quite") });
  assert.equal(fallback.answer("   ", NOON_UTC).source, "noMatch", "an empty message matches no keyword");
  assert.equal(fallback.rules, 0);
});

test("active hours: [from, to) in the account's time zone, across midnight when to < from", () => {
  assert.equal(isActiveAt({ from: 540, to: 1080 }, 540), true);
  assert.equal(isActiveAt({ from: 540, to: 1080 }, 1080), false, "to is not included");
  assert.equal(isActiveAt({ from: 1320, to: 360 }, 1439), true);
  assert.equal(isActiveAt({ from: 1320, to: 360 }, 0), true);
  assert.equal(isActiveAt({ from: 1320, to: 360 }, 359), true);
  assert.equal(isActiveAt({ from: 1320, to: 360 }, 360), false);
  assert.equal(isActiveAt({ from: 1320, to: 360 }, 720), false);

  const night = rule({ keywords: ["hi"], activeHours: { from: 22 * 60, to: 6 * 60 }, reply: text("night") });
  const day = rule({ keywords: ["hi"], reply: text("day") });
  const replies = compileKeywordReplies([night, day], { timeZone: "Asia/Shanghai", noMatch: null });
  assert.equal(replies.answer("hi", at(23)).ruleId, night.id, "23:00 Shanghai");
  assert.equal(replies.answer("hi", at(2, 30) + 86_400).ruleId, night.id, "02:30 the next day");
  assert.equal(replies.answer("hi", at(6)).ruleId, day.id, "06:00: the night rule is over, the next rule answers");
  assert.equal(replies.answer("hi", at(20)).ruleId, day.id, "20:00 Shanghai is 12:00 UTC");
  const utc = compileKeywordReplies([night, day], { timeZone: "UTC", noMatch: null });
  assert.equal(utc.answer("hi", NOON_UTC).ruleId, day.id);
  assert.equal(utc.answer("hi", NOON_UTC + 11 * 3600).ruleId, night.id, "23:00 UTC");
});

test("the API's schema: keywords trimmed, 1–10, ≤ 30 characters, duplicates once; hours as HH:MM that differ", () => {
  const ok = createKeywordRuleSchema.parse({ match: "exact", keywords: [" Answer ", "answer", "回答"], reply: text("x") });
  assert.deepEqual(ok.keywords, ["Answer", "回答"]);
  const problems = (body: unknown) =>
    (createKeywordRuleSchema.safeParse(body).error?.issues ?? []).map((issue) => issue.path.join("."));
  const base = { match: "contains", keywords: ["a"], reply: text("x") };
  assert.deepEqual(problems({ ...base, keywords: [] }), ["keywords"]);
  assert.deepEqual(problems({ ...base, keywords: ["   "] }), ["keywords.0"]);
  assert.deepEqual(problems({ ...base, keywords: ["字".repeat(31)] }), ["keywords.0"]);
  assert.deepEqual(problems({ ...base, keywords: ["字".repeat(30)] }), []);
  assert.deepEqual(problems({ ...base, keywords: Array.from({ length: 11 }, (_, i) => `k${i}`) }), ["keywords"]);
  assert.deepEqual(problems({ ...base, match: "regex" }), ["match"]);
  assert.deepEqual(problems({ ...base, activeHours: { from: "22:00", to: "06:00" } }), []);
  assert.deepEqual(problems({ ...base, activeHours: { from: "24:00", to: "06:00" } }), ["activeHours.from"]);
  assert.deepEqual(problems({ ...base, activeHours: { from: "09:00", to: "09:00" } }), ["activeHours.to"]);
  assert.deepEqual(problems({ ...base, extra: 1 }), [""]);
  assert.equal(updateKeywordRuleSchema.safeParse({ enabled: false }).success, true);
});
