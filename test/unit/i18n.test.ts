import { test } from "node:test";
import assert from "node:assert/strict";
import { messages } from "@/lib/i18n/messages";
import { pickLocale, translate } from "@/lib/i18n/locale";

test("every text exists in both languages, non-empty, with the same placeholders", () => {
  // Every area's texts, as the dashboard merges them (a key in one language only is also a type error).
  const areas: { zh: Record<string, string>; en: Record<string, string> }[] = [messages];
  for (const area of areas) {
    assert.deepEqual(Object.keys(area.zh).sort(), Object.keys(area.en).sort());
    for (const key of Object.keys(area.zh)) {
      assert.ok(area.zh[key] && area.en[key], key);
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      assert.deepEqual(vars(area.zh[key]), vars(area.en[key]), key);
    }
  }
});

test("language choice: remembered cookie, else Chinese when the browser prefers it", () => {
  assert.equal(pickLocale("en", "zh-CN,zh;q=0.9"), "en");
  assert.equal(pickLocale(undefined, "zh-CN,zh;q=0.9,en;q=0.8"), "zh");
  assert.equal(pickLocale(undefined, "en-US,en;q=0.9"), "en");
  assert.equal(pickLocale(undefined, "fr-FR"), "en");
  assert.equal(pickLocale(undefined, null), "zh");
  assert.equal(translate({ a: "{n} 个" }, "a", { n: 3 }), "3 个");
});
