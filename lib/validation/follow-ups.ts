import { z } from "zod";
import { CUSTOM_MESSAGE_RULES as R } from "@/lib/wechat/limits";
import { text } from "./input";

// PUT /api/qrcodes/{id}/follow-ups: the messages after a code's passive reply (lib/follow-ups/sequence.ts).

const required = (max: number) => text.trim().min(1, "must not be empty").max(max, `at most ${max} characters`);
const optional = (max: number) => text.trim().max(max, `at most ${max} characters`).optional();
const link = required(R.newsUrlChars).regex(/^https?:\/\//i, "must start with http:// or https://");

export const customMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), content: required(R.textChars) }).strict(),
  z.object({ type: z.literal("image"), mediaId: required(R.mediaIdChars) }).strict(),
  z
    .object({
      type: z.literal("news"),
      title: required(R.newsTitleChars),
      url: link,
      description: optional(R.newsDescriptionChars),
      picUrl: link.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("miniprogrampage"),
      title: required(R.miniProgramTitleChars),
      appId: required(64).regex(/^wx[0-9a-f]{16}$/i, "a mini program's AppID: wx and 16 hex digits"),
      pagePath: required(R.miniProgramPagePathChars),
      thumbMediaId: required(R.mediaIdChars),
    })
    .strict(),
]);

/** The passive reply counts as one of WeChat's 3 messages; "welcome first" moves the code's reply into the next. */
export const FOLLOW_UP_MAX = R.eventWindowMessages - 1;

export const followUpsSchema = z
  .object({
    welcomeFirst: z.boolean(),
    messages: z.array(customMessageSchema).max(FOLLOW_UP_MAX, `at most ${FOLLOW_UP_MAX} messages`),
  })
  .strict()
  .refine((input) => !input.welcomeFirst || input.messages.length <= FOLLOW_UP_MAX - 1, {
    message: `with the welcome first, the code's reply is the second message: at most ${FOLLOW_UP_MAX - 1} more`,
    path: ["messages"],
  });
export type FollowUpsInput = z.infer<typeof followUpsSchema>;
