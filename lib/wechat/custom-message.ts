import { CUSTOM_MESSAGE_RULES, TAG_RULES } from "./limits";
import { WeChatInputError } from "./qr-input";

// What message/custom/send and the tags APIs accept, checked before any call so that a message
// WeChat would refuse (40008, 45002, 45008, 40032, 45158) never spends a call or a quota.

/** A customer-service message (客服消息), as message/custom/send takes it. */
export type CustomMessage =
  | { type: "text"; content: string }
  | { type: "image"; mediaId: string }
  | { type: "news"; title: string; description?: string; url: string; picUrl?: string }
  | { type: "miniprogrampage"; title: string; appId: string; pagePath: string; thumbMediaId: string };

export const CUSTOM_MESSAGE_TYPES = ["text", "image", "news", "miniprogrampage"] as const;

const R = CUSTOM_MESSAGE_RULES;

function text(field: string, value: unknown, max: number, required = true): string {
  if (value === undefined && !required) return "";
  if (typeof value !== "string" || (required && value.trim() === "")) throw new WeChatInputError(field, `${field} is required`);
  if ([...value].length > max) throw new WeChatInputError(field, `${field} is longer than ${max} characters`);
  return value;
}

/** The openid a call names: what WeChat issues is 28 characters of [A-Za-z0-9_-]; anything of that alphabet is passed on. */
export function checkOpenid(openid: unknown, field = "openid"): string {
  if (typeof openid !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(openid)) {
    throw new WeChatInputError(field, `${field} must be 1–64 letters, digits, - or _`);
  }
  return openid;
}

/** The JSON body of message/custom/send, exactly as WeChat's documentation spells it. */
export function customMessageBody(openid: string, message: CustomMessage): Record<string, unknown> {
  const touser = checkOpenid(openid, "touser");
  switch (message?.type) {
    case "text":
      return { touser, msgtype: "text", text: { content: text("content", message.content, R.textChars) } };
    case "image":
      return { touser, msgtype: "image", image: { media_id: text("mediaId", message.mediaId, R.mediaIdChars) } };
    case "news": {
      const article = {
        title: text("title", message.title, R.newsTitleChars),
        description: text("description", message.description, R.newsDescriptionChars, false),
        url: text("url", message.url, R.newsUrlChars),
        picurl: text("picUrl", message.picUrl, R.newsUrlChars, false),
      };
      return { touser, msgtype: "news", news: { articles: [article] } };
    }
    case "miniprogrampage":
      return {
        touser,
        msgtype: "miniprogrampage",
        miniprogrampage: {
          title: text("title", message.title, R.miniProgramTitleChars),
          appid: text("appId", message.appId, 64),
          pagepath: text("pagePath", message.pagePath, R.miniProgramPagePathChars),
          thumb_media_id: text("thumbMediaId", message.thumbMediaId, R.mediaIdChars),
        },
      };
    default:
      throw new WeChatInputError("type", `type must be one of ${CUSTOM_MESSAGE_TYPES.join(", ")}`);
  }
}

/** A tag name WeChat takes: not empty, at most 30 bytes of UTF-8. */
export function checkTagName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") throw new WeChatInputError("name", "a tag needs a name");
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > TAG_RULES.nameBytes) {
    throw new WeChatInputError(
      "name",
      `a tag name is at most ${TAG_RULES.nameBytes} bytes (10 Chinese characters); this one is ${bytes}`,
    );
  }
  return name;
}

/** One batchtagging call's openids: 1 to 50, each well-formed. */
export function checkTaggingBatch(tagId: unknown, openids: readonly string[]): void {
  if (typeof tagId !== "number" || !Number.isSafeInteger(tagId) || tagId < 0) {
    throw new WeChatInputError("tagId", "tagId must be a tag id WeChat gave (a non-negative integer)");
  }
  if (!Array.isArray(openids) || openids.length === 0) throw new WeChatInputError("openids", "give at least one openid");
  if (openids.length > TAG_RULES.openidsPerBatch) {
    throw new WeChatInputError("openids", `at most ${TAG_RULES.openidsPerBatch} openids per call, got ${openids.length}`);
  }
  for (const openid of openids) checkOpenid(openid, "openids");
}
