import { LIVE_CODE_RULES } from "@/lib/limits";
import { randomChars } from "@/lib/random";

/** Letters and digits that cannot be misread for one another when typed from print (no 0/o, 1/l/i). */
const SLUG_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

/** A live code's slug when none was chosen: 10 characters, 49 bits, so a clash is as good as impossible. */
export function generateLiveSlug(): string {
  return randomChars(SLUG_ALPHABET, LIVE_CODE_RULES.slug.generatedChars);
}

export const isLiveSlug = (value: string): boolean =>
  value.length >= LIVE_CODE_RULES.slug.minChars &&
  value.length <= LIVE_CODE_RULES.slug.maxChars &&
  LIVE_CODE_RULES.slug.pattern.test(value);
