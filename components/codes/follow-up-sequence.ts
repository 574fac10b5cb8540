import type { FollowUps } from "@/lib/db/follow-ups";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import { replySequence } from "@/lib/follow-ups/sequence";

// The editor's preview: what lib/follow-ups/sequence.ts (the webhook's own rule) gives a new follower.

/** What a new follower scanning the code receives, in order, within WeChat's 3 messages. */
export function newFollowerSequence(draft: FollowUps, codeReply: ReplyInput | null, welcome: ReplyInput | null) {
  const scan = { kind: "scan", subscribed: true, openid: "", createTime: 0, scene: "", ticket: null } as const;
  const target = {
    qrCodeId: 0,
    reply: codeReply,
    archived: false,
    validFrom: null,
    validTo: null,
    tags: [],
    followUps: draft.messages,
    welcomeFirst: draft.welcomeFirst,
  };
  return replySequence(scan, { follow: welcome, scan: null }, target);
}
