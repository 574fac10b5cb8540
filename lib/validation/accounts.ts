import { z } from "zod";
import { API_BASE_MAX_CHARS, NAME_MAX_CHARS } from "@/lib/limits";
import { SERVER_CONFIG_RULES } from "@/lib/wechat/limits";
import { text } from "./input";

// An official account's settings as WeChat's 基本配置 / 服务器配置 pages define them. Shared by the
// API (app/api/accounts/**) and the dashboard form, so both refuse the same input with the same field.

export const MESSAGE_MODES = ["plain", "compatible", "safe"] as const;
export type MessageModeInput = (typeof MESSAGE_MODES)[number];

const { tokenChars, encodingAesKeyChars } = SERVER_CONFIG_RULES;

export const ACCOUNT_PATTERNS = {
  /** wx + 16 lowercase hex is WeChat's format; wxsandbox… are the built-in sandbox's accounts. */
  appId: /^(?:wx[0-9a-f]{16}|wxsandbox[0-9a-z]{1,23})$/,
  /** gh_ + 12 hex at WeChat; looser here (the sandbox uses gh_sandbox0000). */
  originalId: /^gh_[0-9A-Za-z_]{1,40}$/,
  /** WeChat issues 32 hex characters; accept any plausible length of letters and digits. */
  appSecret: /^[A-Za-z0-9]{16,64}$/,
  /** The 服务器配置 secrets, by WeChat's rules. */
  token: new RegExp(`^[A-Za-z0-9]{${tokenChars.min},${tokenChars.max}}$`),
  encodingAesKey: new RegExp(`^[A-Za-z0-9]{${encodingAesKeyChars}}$`),
} as const;

/** The canonical spelling of an IANA time zone name the runtime knows (Asia/Shanghai, UTC…), else null. */
export function canonicalTimeZone(value: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const isTimeZone = (value: string) => canonicalTimeZone(value) !== null;

/** compatible and safe modes encrypt, so they cannot work without an EncodingAESKey. */
export function modeNeedsAesKey(mode: MessageModeInput): boolean {
  return mode !== "plain";
}

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : value);

const appId = z.preprocess(
  trimmed,
  z
    .string()
    .regex(ACCOUNT_PATTERNS.appId, "must be wx followed by 16 lowercase hex characters (wxsandbox… for sandbox accounts)"),
);
const name = text.trim().min(1, "must not be empty").max(NAME_MAX_CHARS, `at most ${NAME_MAX_CHARS} characters`);
const originalId = z.preprocess(
  trimmed,
  z.union([z.literal(""), z.string().regex(ACCOUNT_PATTERNS.originalId, "must start with gh_ (the 原始ID on 公众号设置)")]),
);
const appSecret = z.string().regex(ACCOUNT_PATTERNS.appSecret, "must be the AppSecret from 基本配置 (16–64 letters or digits)");
const token = z.string().regex(ACCOUNT_PATTERNS.token, `must be ${tokenChars.min}–${tokenChars.max} letters or digits`);
const encodingAesKey = z
  .string()
  .regex(ACCOUNT_PATTERNS.encodingAesKey, `must be exactly ${encodingAesKeyChars} letters or digits`);
const mode = z.enum(MESSAGE_MODES);
const apiBase = z.preprocess(
  blankToNull,
  z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://api.weixin.qq.com" })
    .max(API_BASE_MAX_CHARS)
    .refine((value) => !/[?#]/.test(value), "must not contain ? or #")
    .transform((value) => value.replace(/\/+$/, ""))
    .nullable(),
);
const timeZone = z.preprocess(
  trimmed,
  z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as Asia/Shanghai")
    .transform((value) => canonicalTimeZone(value)!),
);

/** POST /api/accounts and the "add account" form. */
export const createAccountSchema = z
  .object({
    appId,
    name,
    originalId: originalId.optional(),
    appSecret: z.preprocess(trimmed, appSecret),
    token: z.preprocess(trimmed, token),
    encodingAesKey: z.preprocess(blankToUndefined, encodingAesKey.optional()),
    mode: mode.default("safe"),
    apiBase: apiBase.optional(),
    sandbox: z.boolean().optional(),
    timeZone: timeZone.default("Asia/Shanghai"),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (modeNeedsAesKey(input.mode) && !input.encodingAesKey)
      ctx.addIssue({ code: "custom", path: ["encodingAesKey"], message: `is required in ${input.mode} mode` });
  });
export type CreateAccountInput = z.infer<typeof createAccountSchema>;

/**
 * PATCH /api/accounts/{id} and the edit form. Every field is optional; secrets are write-only, so
 * an empty or missing secret means "keep the stored one". The AppID cannot change: it is the
 * webhook's address and the owner of every code already issued.
 */
export const updateAccountSchema = z
  .object({
    name: name.optional(),
    originalId: originalId.optional(),
    appSecret: z.preprocess(blankToUndefined, appSecret.optional()),
    token: z.preprocess(blankToUndefined, token.optional()),
    encodingAesKey: z.preprocess(blankToUndefined, encodingAesKey.optional()),
    mode: mode.optional(),
    apiBase: apiBase.optional(),
    sandbox: z.boolean().optional(),
    timeZone: timeZone.optional(),
  })
  .strict();
export type UpdateAccountInput = z.infer<typeof updateAccountSchema>;

/** The message an edit must fail with when the resulting mode would lack a key, else null. */
export function missingAesKey(mode: MessageModeInput, newKey: string | undefined, storedKey: boolean): string | null {
  return modeNeedsAesKey(mode) && !newKey && !storedKey ? `is required in ${mode} mode` : null;
}
