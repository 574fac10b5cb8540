import type { MessageKey } from "@/lib/i18n/messages";
import { replySchema, type ReplyInput } from "@/lib/validation/qrcodes";

/** What the editor holds while typing: every field of every type, all strings. */
export type ReplyDraft = {
  type: ReplyInput["type"];
  content: string;
  mediaId: string;
  title: string;
  description: string;
  picUrl: string;
  url: string;
};

export type DraftField = Exclude<keyof ReplyDraft, "type">;

/** An inline message: one of the editor's validation texts and its placeholders. */
export type FieldMessage = { key: Extract<MessageKey, `replies.v.${string}`>; vars?: Record<string, string | number> };

export function draftFrom(reply: ReplyInput | null | undefined): ReplyDraft {
  const draft: ReplyDraft = { type: "text", content: "", mediaId: "", title: "", description: "", picUrl: "", url: "" };
  if (!reply) return draft;
  if (reply.type === "text") return { ...draft, content: reply.content };
  if (reply.type === "image") return { ...draft, type: "image", mediaId: reply.mediaId };
  return {
    ...draft,
    type: "news",
    title: reply.title,
    description: reply.description ?? "",
    picUrl: reply.picUrl ?? "",
    url: reply.url ?? "",
  };
}

/** The request body for the draft's type; optional news fields left empty are omitted, not sent as "". */
export function draftToInput(draft: ReplyDraft): unknown {
  if (draft.type === "text") return { type: "text", content: draft.content };
  if (draft.type === "image") return { type: "image", mediaId: draft.mediaId };
  const optional = (value: string) => (value.trim() === "" ? undefined : value.trim());
  return {
    type: "news",
    title: draft.title,
    ...(draft.description.trim() ? { description: draft.description } : {}),
    ...(optional(draft.picUrl) ? { picUrl: optional(draft.picUrl) } : {}),
    ...(optional(draft.url) ? { url: optional(draft.url) } : {}),
  };
}

type Issue = { code: string; path: PropertyKey[]; minimum?: unknown; maximum?: unknown; format?: string; message: string };

function messageFor(issue: Issue): FieldMessage {
  if (issue.code === "too_small") return { key: "replies.v.required" };
  if (issue.code === "too_big") return { key: "replies.v.tooLong", vars: { max: Number(issue.maximum) } };
  if (issue.code === "invalid_format" && issue.format === "url") return { key: "replies.v.url" };
  return { key: "replies.v.invalid" };
}

/** Validates with the API's own schema (replySchema); errors per field, ready for inline display. */
export function validateDraft(draft: ReplyDraft): {
  reply: ReplyInput | null;
  errors: Partial<Record<DraftField, FieldMessage>>;
} {
  const result = replySchema.safeParse(draftToInput(draft));
  if (result.success) return { reply: result.data, errors: {} };
  const errors: Partial<Record<DraftField, FieldMessage>> = {};
  for (const issue of result.error.issues as Issue[]) {
    const field = String(issue.path[0] ?? "") as DraftField;
    if (field && !errors[field]) errors[field] = messageFor(issue);
  }
  return { reply: null, errors };
}

/**
 * The reply a scanner's WeChat shows, from the passive reply XML fields the simulator decrypted
 * (`Content`, `Image.MediaId`, `Articles.item.Title`…). "success" or nothing → null: no message.
 */
export function deliveredReply(fields: Record<string, string> | "success" | "" | null | undefined): ReplyInput | null {
  if (!fields || typeof fields !== "object") return null;
  if (fields.MsgType === "text") return { type: "text", content: fields.Content ?? "" };
  if (fields.MsgType === "image") return { type: "image", mediaId: fields["Image.MediaId"] ?? "" };
  if (fields.MsgType === "news") {
    const item = (name: string) => fields[`Articles.item.${name}`] || undefined;
    return {
      type: "news",
      title: item("Title") ?? "",
      description: item("Description"),
      picUrl: item("PicUrl"),
      url: item("Url"),
    };
  }
  return null;
}

/** A one-line summary for tables: the text itself, or the media id / article title. */
export function replySummary(reply: ReplyInput): string {
  if (reply.type === "text") return reply.content;
  if (reply.type === "image") return reply.mediaId;
  return reply.title;
}
