import { z } from "zod";
import { KEYWORD_LIMITS } from "@/lib/limits";
import { REPLY_RULES } from "@/lib/wechat/limits";
import { HHMM_PATTERN, minutesOf, normalizeKeyword } from "@/lib/keywords/match";
import { replySchema } from "./qrcodes";
import { rowId, text } from "./input";

// Keyword replies: what POST/PATCH /api/keywords… accept. The dashboard's form checks with these too.

export const KEYWORD_MATCHES = ["exact", "contains"] as const;

/** One keyword: trimmed, NFC, 1–30 characters (code points). */
export const keywordSchema = text
  .transform((value) => value.normalize("NFC").trim())
  .pipe(
    z
      .string()
      .refine((value) => value !== "", "must not be empty")
      .refine(
        (value) => [...value].length <= KEYWORD_LIMITS.keywordChars,
        `must be at most ${KEYWORD_LIMITS.keywordChars} characters`,
      ),
  );

/** A rule's keywords: 1–10, duplicates (as matching compares them) kept once. */
export const keywordsSchema = z
  .array(keywordSchema)
  .min(1, "name at least one keyword")
  .max(KEYWORD_LIMITS.keywordsPerRule, `at most ${KEYWORD_LIMITS.keywordsPerRule} keywords per rule`)
  .transform((keywords) => {
    const seen = new Set<string>();
    return keywords.filter((keyword) => {
      const key = normalizeKeyword(keyword);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });

const hhmm = text.regex(HHMM_PATTERN, 'must be a time of day as "HH:MM" (00:00–23:59)');

/** Active hours in the account's time zone; `to` before `from` spans midnight. null: all day. */
export const activeHoursSchema = z
  .object({ from: hhmm, to: hhmm })
  .strict()
  .refine((hours) => minutesOf(hours.from) !== minutesOf(hours.to), {
    message: "from and to must differ (leave activeHours out, or null, for all day)",
    path: ["to"],
  })
  .nullable();

export const createKeywordRuleSchema = z
  .object({
    match: z.enum(KEYWORD_MATCHES),
    keywords: keywordsSchema,
    reply: replySchema,
    activeHours: activeHoursSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type CreateKeywordRuleInput = z.infer<typeof createKeywordRuleSchema>;

export const updateKeywordRuleSchema = createKeywordRuleSchema.partial().strict();
export type UpdateKeywordRuleInput = z.infer<typeof updateKeywordRuleSchema>;

/** POST /api/accounts/{id}/keywords/order: every rule of the account, once, in the new order. */
export const keywordOrderSchema = z
  .object({ ids: z.array(rowId).max(KEYWORD_LIMITS.rulesPerAccount) })
  .strict()
  .refine((input) => new Set(input.ids).size === input.ids.length, { message: "must not name a rule twice", path: ["ids"] });

/** POST /api/accounts/{id}/keywords/test: a message a follower might send, and when (default: now). */
export const keywordTestSchema = z
  .object({
    text: text.max(REPLY_RULES.textChars),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
