import { z } from "zod";
import {
  ARCHIVE_LIMITS,
  BULK_MAX_CODES,
  DEFAULT_EXPIRE_SECONDS,
  LIVE_CODE_RULES,
  NAME_MAX_CHARS,
  NOTE_MAX_CHARS,
  QR_IMAGE_LIMITS,
  QR_LIST_PAGE_SIZE,
} from "@/lib/limits";
import { QR_RULES, REPLY_RULES } from "@/lib/wechat/limits";
import { QR_KINDS, qrInputProblems } from "@/lib/wechat/qr-input";
import type { Reply } from "@/lib/wechat/reply";
import { DRAWN_SCENE_PREFIX } from "@/lib/qrcodes/drawn-scenes";
import { rowId, rowIdParam, text } from "./input";

// Links in replies open inside WeChat: web addresses only (no javascript:, data: …).
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(REPLY_RULES.newsUrlChars)
  .pipe(text);

export const replySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), content: text.trim().min(1).max(REPLY_RULES.textChars) }),
  z.object({ type: z.literal("image"), mediaId: text.trim().min(1).max(REPLY_RULES.mediaIdChars) }),
  z.object({
    type: z.literal("news"),
    title: text.trim().min(1).max(REPLY_RULES.newsTitleChars),
    description: text.max(REPLY_RULES.newsDescriptionChars).optional(),
    picUrl: httpUrl.optional(),
    url: httpUrl.optional(),
  }),
]);
export type ReplyInput = z.infer<typeof replySchema>;
/** Every reply type, in the schema's order (the editor offers them so). */
export const REPLY_TYPES = replySchema.options.map((option) => option.shape.type.value);
// A reply the API accepts is one lib/wechat can send: a new type needs its passive-reply XML there.
replySchema satisfies z.ZodType<Reply>;

const name = text.trim().min(1).max(NAME_MAX_CHARS);

/**
 * WeChat's verdict on a code's kind, scene and expiry (lib/wechat's one check of qrcode/create input)
 * as issues on the fields it names; `params` carry the rule for forms to word. Only what was given is
 * judged: a missing scene is allocated, a missing expiry filled in (createQrCode, renewQrCode).
 */
function addQrIssues(ctx: z.RefinementCtx, input: Partial<Record<"kind" | "sceneId" | "sceneStr" | "expireSeconds", unknown>>) {
  const expireSeconds = input.kind === "temporary" ? (input.expireSeconds ?? DEFAULT_EXPIRE_SECONDS) : input.expireSeconds;
  for (const { field, rule, limit, message } of qrInputProblems({ ...input, expireSeconds }, { sceneOptional: true }))
    ctx.addIssue({ code: "custom", path: [field], message, params: { rule, limit, kind: input.kind } });
}

// Also while other fields are wrong, so a form names every field's problem at once; not without a kind.
// And only on an object: `when` also overrides zod's skip of a body that is null or an array.
const withKind = {
  when: (payload: z.core.ParsePayload) =>
    typeof payload.value === "object" &&
    payload.value !== null &&
    !Array.isArray(payload.value) &&
    !payload.issues.some((issue) => issue.path?.[0] === "kind"),
};

const { slug: slugRule } = LIVE_CODE_RULES;
/** A live code's public name in /q/{slug}. */
export const liveSlug = text
  .min(slugRule.minChars)
  .max(slugRule.maxChars)
  .regex(slugRule.pattern, "may hold only lowercase letters (a-z), digits and hyphens");

/** `live` in POST /api/qrcodes: a live code (活码), its slug generated when none is given. */
export const liveOptionsSchema = z.object({ slug: liveSlug.optional(), perVisitor: z.boolean().optional() }).strict();
export type LiveOptions = z.infer<typeof liveOptionsSchema>;

export const createQrCodeSchema = z
  .object({
    name,
    channel: name,
    campaign: name.optional(),
    accountId: rowId.optional(),
    kind: z.enum(QR_KINDS),
    // Their ranges depend on the kind: addQrIssues judges them.
    sceneId: z.number().optional(),
    sceneStr: text.optional(),
    expireSeconds: z.number().optional(),
    reply: replySchema.optional(),
    live: liveOptionsSchema.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    addQrIssues(ctx, input);
    if (input.live && input.kind !== "temporary")
      ctx.addIssue({ code: "custom", path: ["kind"], message: "a live code is made of temporary codes: kind must be temporary" });
    if (input.live && input.expireSeconds !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["expireSeconds"],
        message: "a live code's ticket is renewed by Qudao before it expires: leave expireSeconds out",
      });
    if (typeof input.sceneStr === "string" && input.sceneStr.startsWith(DRAWN_SCENE_PREFIX))
      ctx.addIssue({
        code: "custom",
        path: ["sceneStr"],
        message: `must not start with "${DRAWN_SCENE_PREFIX}" (Qudao's own scenes)`,
      });
  }, withKind);
export type CreateQrCodeInput = z.infer<typeof createQrCodeSchema>;

/** POST /api/qrcodes/{id}/renew: an expired temporary code gets a new ticket, for as long as asked. */
export const renewQrCodeSchema = z
  .object({ expireSeconds: z.number().optional() })
  .strict()
  .superRefine((input, ctx) => addQrIssues(ctx, { kind: "temporary", expireSeconds: input.expireSeconds }));
export type RenewQrCodeInput = z.infer<typeof renewQrCodeSchema>;

export const listQrCodesQuery = z.object({
  accountId: rowIdParam.optional(),
  q: text.max(NAME_MAX_CHARS).optional(),
  channel: text.max(NAME_MAX_CHARS).optional(),
  campaign: text.max(NAME_MAX_CHARS).optional(),
  kind: z.enum(QR_KINDS).optional(),
  status: z.enum(["active", "expired"]).optional(),
  /** scans, followers, lastScan: by the code's counts of all time, most (or latest) first. */
  sort: z.enum(["newest", "name", "expiry", "scans", "followers", "lastScan"]).optional(),
  /** Archived codes are left out unless asked for (`include`: with the others, `only`: just them). */
  archived: z.enum(["exclude", "include", "only"]).default("exclude"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(QR_LIST_PAGE_SIZE.max).default(QR_LIST_PAGE_SIZE.default),
});

/** A moment as JSON carries it: ISO 8601 with its offset (what Date#toISOString and <input> + offset give). */
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const scheduleOrder = {
  when: (payload: z.core.ParsePayload) => payload.issues.length === 0,
};

/**
 * PATCH /api/qrcodes/{id}: what a marketer may change about a code once it exists. null clears the
 * campaign, note and either end of the schedule; the stored other end is judged in lib/db too.
 */
export const updateQrCodeSchema = z
  .object({
    name: name.optional(),
    channel: name.optional(),
    campaign: name.nullable().optional(),
    note: text.trim().max(NOTE_MAX_CHARS).nullable().optional(),
    validFrom: instant.nullable().optional(),
    validTo: instant.nullable().optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (Object.keys(input).length === 0) ctx.addIssue({ code: "custom", path: [], message: "name at least one field to change" });
    if (input.validFrom && input.validTo && input.validFrom >= input.validTo)
      ctx.addIssue({ code: "custom", path: ["validTo"], message: "must be after validFrom" });
  }, scheduleOrder);
export type UpdateQrCodeInput = z.infer<typeof updateQrCodeSchema>;

/** POST /api/qrcodes/{id}/duplicate, body optional: the copy's name (else the original's with a mark). */
export const duplicateQrCodeSchema = z.object({ name: name.optional() }).strict();
export type DuplicateQrCodeInput = z.infer<typeof duplicateQrCodeSchema>;

/** POST /api/qrcodes/bulk: one action on up to BULK_MAX_CODES codes; `move` takes the campaign (null: none). */
export const bulkQrCodesSchema = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["archive", "unarchive"]), ids: z.array(rowId).min(1).max(BULK_MAX_CODES) }).strict(),
  z.object({ action: z.literal("move"), ids: z.array(rowId).min(1).max(BULK_MAX_CODES), campaign: name.nullable() }).strict(),
]);
export type BulkQrCodesInput = z.infer<typeof bulkQrCodesSchema>;

/** POST /api/accounts/{id}/taken-scenes: which of a batch's string scenes codes of the account already use. */
export const takenScenesSchema = z
  .object({ sceneStrs: z.array(text.min(1).max(QR_RULES.sceneStrChars.max)).max(ARCHIVE_LIMITS.maxCodes) })
  .strict();

const { size, margin } = QR_IMAGE_LIMITS;
export const imageQuery = z.object({
  format: z.enum(["png", "svg"]).default("png"),
  size: z.coerce.number().int().min(size.min).max(size.max).default(size.default),
  margin: z.coerce.number().int().min(margin.min).max(margin.max).default(margin.default),
});

/** GET /q/{slug}/image.png: always a PNG (the address says so). */
export const liveImageQuery = imageQuery.omit({ format: true });
