import { ApiError } from "./api";
import type { MessageKey } from "@/lib/i18n/messages";
import type { TextVars, Translate } from "@/lib/i18n/locale";
import { SERVER_CONFIG_RULES } from "@/lib/wechat/limits";

// A failed API call in the page's language. Each area has its own words for what its API refuses;
// where it has none, the server's own message is shown.

type AreaWords = {
  /** Words for a refusal's code: `${byCode}.${error.code}`. WeChat's codes keep the server's words too, with the errcode support asks for. */
  byCode?: string;
  /** Words for a refused field: `${byField}.${field}`, or `${byField}.${field}.custom` for one left empty. */
  byField?: string;
  /** The placeholders of those words, per field: the rule's numbers, from where the rule is stated. */
  fieldVars?: Partial<Record<string, TextVars>>;
  /** Words by HTTP status when neither the code nor the field has any; 500 stands for every 5xx. */
  byStatus?: Partial<Record<number, MessageKey>>;
  /** WeChat refused the call from this server's IP, with the IP to add to the whitelist. */
  ipNotWhitelisted?: MessageKey;
  /** The request never reached the server (fetch rejects with a TypeError). */
  network?: MessageKey;
};

/** The numbers in the texts about an account's Token and EncodingAESKey. */
export const SERVER_CONFIG_VARS = {
  token: SERVER_CONFIG_RULES.tokenChars,
  encodingAesKey: { n: SERVER_CONFIG_RULES.encodingAesKeyChars },
} satisfies Record<string, TextVars>;

// How the editing pages (replies, keywords, the sandbox) word a refusal that is not the field's fault.
const EDITOR_WORDS = {
  byStatus: {
    401: "replies.err.signedOut",
    403: "replies.err.forbidden",
    404: "replies.err.notFound",
    500: "replies.err.server",
  },
  network: "replies.err.network",
} as const;

const AREAS = {
  codes: { byCode: "codes.err", ipNotWhitelisted: "codes.err.ipNotWhitelisted" },
  replies: EDITOR_WORDS,
  keywords: { byCode: "keywords.error", ...EDITOR_WORDS },
  accounts: {
    byCode: "accounts.error",
    byField: "accounts.invalid",
    fieldVars: SERVER_CONFIG_VARS,
    byStatus: { 403: "common.forbidden" },
  },
  users: { byCode: "users.error", byField: "users.invalid", byStatus: { 403: "common.forbidden" } },
  tokens: { byCode: "tokens.error", byField: "tokens.invalid", byStatus: { 403: "common.forbidden" } },
  groups: { byCode: "groups.error", byField: "groups.invalid", byStatus: { 403: "common.forbidden" } },
  jobs: { byCode: "jobs.error", byStatus: { 403: "common.forbidden" } },
  forwarding: { byCode: "forwarding.error", byStatus: { 403: "common.forbidden" } },
  sandbox: { byCode: "sandbox.error", ...EDITOR_WORDS },
  posters: { byCode: "posters.error", byField: "posters.invalid", byStatus: { 403: "common.forbidden" } },
} satisfies Record<string, AreaWords>;

export type ErrorArea = keyof typeof AREAS;

/** Messages per form field, as forms show them under their controls. */
export type FieldErrors = Partial<Record<string, string>>;

/** The area's words for a problem with `field` (`variant` first, e.g. "custom"), else `fallback`. */
export function fieldMessage(t: Translate, area: ErrorArea, field: string, fallback: string, variant?: string): string {
  return fieldWords(t, AREAS[area], field, variant) ?? fallback;
}

/** A failed call as {field?, message}: the field the server named, if any, and the words to show. */
export function describeError(t: Translate, area: ErrorArea, error: unknown): { field?: string; message: string } {
  const words: AreaWords = AREAS[area];
  if (!(error instanceof ApiError)) {
    if (error instanceof TypeError && words.network) return { message: t(words.network) };
    return { message: error instanceof Error ? error.message : String(error) };
  }
  return { field: error.field, message: refusal(t, words, error) };
}

/** Just the words of describeError. */
export const errorMessage = (t: Translate, area: ErrorArea, error: unknown) => describeError(t, area, error).message;

function refusal(t: Translate, words: AreaWords, error: ApiError): string {
  if (error.code === "wechat_ip_not_whitelisted" && words.ipNotWhitelisted) {
    const ip = /from IP (\S+?):/.exec(error.message)?.[1];
    if (ip) return t(words.ipNotWhitelisted, { ip });
  }
  const byCode = `${words.byCode}.${error.code}`;
  if (words.byCode && t.has(byCode)) return error.code.startsWith("wechat_") ? `${t(byCode)} (${error.message})` : t(byCode);
  if (error.field && words.byField)
    return fieldWords(t, words, error.field, /required/.test(error.message) ? "custom" : undefined) ?? error.message;
  const byStatus = words.byStatus?.[Math.min(error.status, 500)];
  return byStatus ? t(byStatus) : error.message;
}

function fieldWords(t: Translate, words: AreaWords, field: string, variant?: string): string | undefined {
  if (!words.byField) return undefined;
  for (const key of [variant && `${words.byField}.${field}.${variant}`, `${words.byField}.${field}`])
    if (key && t.has(key)) return t(key, words.fieldVars?.[field]);
  return undefined;
}
