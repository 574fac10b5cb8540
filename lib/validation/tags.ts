import { z } from "zod";
import { TAG_RULES } from "@/lib/wechat/limits";
import { text } from "./input";

// PUT /api/qrcodes/{id}/tags and /api/channels/{id}/tags: WeChat user tags (渠道标签) a scan gives its follower.

const utf8Bytes = (value: string) => new TextEncoder().encode(value).length;

const tagName = text
  .trim()
  .min(1, "must not be empty")
  .refine((name) => utf8Bytes(name) <= TAG_RULES.nameBytes, `at most ${TAG_RULES.nameBytes} bytes (10 Chinese characters)`);

/** A follower carries at most TAG_RULES.perUser tags at WeChat: no code or channel may name more. */
export const tagsSchema = z
  .object({ tags: z.array(tagName).max(TAG_RULES.perUser, `at most ${TAG_RULES.perUser} tags (WeChat's limit per follower)`) })
  .strict()
  .transform(({ tags }) => ({ tags: [...new Set(tags)] }));
export type TagsInput = z.infer<typeof tagsSchema>;
