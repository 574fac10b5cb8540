import { CUSTOM_MESSAGE_RULES } from "@/lib/wechat/limits";
import type { CustomMessage } from "@/lib/wechat/custom-message";
import type { WeChatEvent } from "@/lib/wechat/events";
import type { AccountReplies, SceneTarget } from "@/lib/db/webhook-config";
import type { ReplyView } from "@/lib/db/replies";

// Also the dashboard's preview of a sequence (components/codes/follow-up-sequence.ts): only types
// and WeChat's limits are imported here, nothing the browser could not load.

/** What a push is answered with: the passive reply, then the customer-service messages sent after it, in order. */
export type ReplySequence = { passive: ReplyView | null; followUps: CustomMessage[] };

/** A passive reply as a customer-service message (a news reply without a link cannot be one: WeChat requires it). */
export function asCustomMessage(reply: ReplyView): CustomMessage {
  if (reply.type === "text") return { type: "text", content: reply.content };
  if (reply.type === "image") return { type: "image", mediaId: reply.mediaId };
  return {
    type: "news",
    title: reply.title,
    url: reply.url ?? "",
    ...(reply.description ? { description: reply.description } : {}),
    ...(reply.picUrl ? { picUrl: reply.picUrl } : {}),
  };
}

/**
 * The one place that decides what a follower receives. A scan gets the code's reply (else the
 * account's welcome for a new follower, its default reply for others) and the code's follow-up
 * messages. A new follower through a code set to "welcome first" gets the welcome as the passive
 * reply and the code's reply as the first follow-up. WeChat allows 3 messages in the minute after
 * the event, the passive reply included: what goes past that is never sent.
 */
export function replySequence(event: WeChatEvent, replies: AccountReplies, target: SceneTarget | null): ReplySequence {
  if (event.kind === "follow") return { passive: replies.follow, followUps: [] };
  if (event.kind !== "scan") return { passive: null, followUps: [] };
  const fallback = event.subscribed ? replies.follow : replies.scan;
  if (!target) return { passive: fallback, followUps: [] };
  const welcomeFirst = event.subscribed && target.welcomeFirst && replies.follow !== null;
  const passive = welcomeFirst ? replies.follow : (target.reply ?? fallback);
  const followUps = [...(welcomeFirst && target.reply ? [asCustomMessage(target.reply)] : []), ...target.followUps];
  const room = CUSTOM_MESSAGE_RULES.eventWindowMessages - (passive ? 1 : 0);
  return { passive, followUps: followUps.slice(0, room) };
}
