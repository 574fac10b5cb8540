import type { Reply } from "@/lib/wechat/reply";

// Keyword replies (关键词回复): which rule answers a follower's text message. Pure, one source for
// the webhook (compiled once per account and configuration version) and the dashboard's
// "try a message" box (through the API). No imports beyond types: nothing server-only.

export type KeywordMatch = "exact" | "contains";

/** Minutes of the day in the account's time zone, [from, to); to < from spans midnight. */
export type ActiveHours = { from: number; to: number };

export type KeywordRuleSource = {
  id: number;
  match: KeywordMatch;
  keywords: string[];
  reply: Reply;
  activeHours: ActiveHours | null;
  enabled: boolean;
};

/** What answers a message: a rule, the account's "no match" reply, or nothing ("success"). */
export type KeywordAnswer =
  | { source: "rule"; ruleId: number; reply: Reply }
  | { source: "noMatch"; ruleId: null; reply: Reply }
  | { source: "none"; ruleId: null; reply: null };

const LATIN = /\p{Script=Latin}/gu;

/** How keywords and messages are compared: NFC, trimmed, Latin letters in lower case (其它文字 as typed). */
export function normalizeKeyword(text: string): string {
  return text
    .normalize("NFC")
    .trim()
    .replace(LATIN, (letter) => letter.toLowerCase());
}

export function isActiveAt(hours: ActiveHours | null, minuteOfDay: number): boolean {
  if (!hours) return true;
  return hours.from < hours.to
    ? minuteOfDay >= hours.from && minuteOfDay < hours.to
    : minuteOfDay >= hours.from || minuteOfDay < hours.to;
}

type CompiledRule = { id: number; exact: boolean; keywords: string[]; hours: ActiveHours | null; reply: Reply };

export type KeywordReplies = {
  /** The answer to a text message sent at `at` (unix seconds). */
  answer(text: string, at: number): KeywordAnswer;
  readonly rules: number;
};

/** A minute-of-day reader for one time zone (Intl's formatter is made once: it is the slow part). */
function minuteReader(timeZone: string): (at: number) => number {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (at) => {
    let hour = 0;
    let minute = 0;
    for (const part of format.formatToParts(at * 1000)) {
      if (part.type === "hour") hour = Number(part.value);
      else if (part.type === "minute") minute = Number(part.value);
    }
    return hour * 60 + minute;
  };
}

/**
 * The account's rules, in their order, ready to answer: disabled rules left out, keywords
 * normalized once. The first enabled rule that matches within its hours wins; none → noMatch.
 */
export function compileKeywordReplies(
  rules: KeywordRuleSource[],
  options: { timeZone: string; noMatch: Reply | null },
): KeywordReplies {
  const compiled: CompiledRule[] = rules
    .filter((rule) => rule.enabled)
    .map((rule) => ({
      id: rule.id,
      exact: rule.match === "exact",
      keywords: [...new Set(rule.keywords.map(normalizeKeyword).filter((k) => k !== ""))],
      hours: rule.activeHours,
      reply: rule.reply,
    }));
  const timed = compiled.some((rule) => rule.hours !== null);
  const minuteOf = timed ? minuteReader(options.timeZone) : () => 0;
  const { noMatch } = options;
  return {
    rules: compiled.length,
    answer(text, at) {
      const message = normalizeKeyword(text);
      if (message !== "") {
        let minute: number | null = null;
        for (const rule of compiled) {
          const hit = rule.exact ? rule.keywords.includes(message) : rule.keywords.some((k) => message.includes(k));
          if (!hit) continue;
          if (rule.hours) {
            minute ??= minuteOf(at);
            if (!isActiveAt(rule.hours, minute)) continue;
          }
          return { source: "rule", ruleId: rule.id, reply: rule.reply };
        }
      }
      return noMatch ? { source: "noMatch", ruleId: null, reply: noMatch } : { source: "none", ruleId: null, reply: null };
    },
  };
}

/** "HH:MM" ↔ minutes of the day, as the API and the dashboard write active hours. */
export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmmOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
