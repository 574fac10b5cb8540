import type { FollowUps } from "@/lib/db/follow-ups";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import type { CustomMessage } from "@/lib/wechat/custom-message";
import { CUSTOM_MESSAGE_RULES } from "@/lib/wechat/limits";

// The editor's preview of lib/follow-ups/sequence.ts, without the webhook's imports in the browser's bundle;
// a unit test holds the two to the same answers.

/** A passive reply as the customer-service message "welcome first" sends it (as lib/follow-ups/sequence.ts does). */
function asCustomMessage(reply: ReplyInput): CustomMessage {
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

/** What a new follower scanning the code receives, in order, within WeChat's 3 messages. */
export function newFollowerSequence(draft: FollowUps, codeReply: ReplyInput | null, welcome: ReplyInput | null) {
  const welcomeFirst = draft.welcomeFirst && welcome !== null;
  const passive = welcomeFirst ? welcome : (codeReply ?? welcome);
  const followUps = [...(welcomeFirst && codeReply ? [asCustomMessage(codeReply)] : []), ...draft.messages];
  return { passive, followUps: followUps.slice(0, CUSTOM_MESSAGE_RULES.eventWindowMessages - (passive ? 1 : 0)) };
}
