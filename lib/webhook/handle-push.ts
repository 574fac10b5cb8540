import { buildReplyXml, dedupKey, normalizeEvent, openInbound, sealReply, type Reply, type WeChatEvent } from "@/lib/wechat";
import { findSceneTarget, recordEvent, type SceneTarget } from "@/lib/db/events";
import type { EventKind } from "@/lib/generated/prisma/client";
import type { WebhookAccount } from "./accounts";
import { isTestDelivery } from "./test-delivery";

export const MAX_PUSH_BYTES = 64 * 1024;

function eventKind(event: WeChatEvent): EventKind | null {
  if (event.kind === "scan") return event.subscribed ? "scan_subscribe" : "scan";
  if (event.kind === "follow") return "follow";
  if (event.kind === "unfollow") return "unfollow";
  return null;
}

/** New followers through a code get the code's reply, else the welcome; scans the code's, else the default. */
function chooseReply(event: WeChatEvent, target: SceneTarget): Reply | null {
  if (event.kind === "scan") return target.codeReply ?? (event.subscribed ? target.followReply : target.scanReply);
  if (event.kind === "follow") return target.followReply;
  return null;
}

/**
 * One push from WeChat: open it (signature, decryption, XML limits — InboundError on failure),
 * record it exactly once, and answer with the reply the first delivery got.
 */
export async function handlePush(account: WebhookAccount, query: URLSearchParams, body: string, maxSkewSeconds: number): Promise<string> {
  const inbound = openInbound(account.keys, query, body, { maxBytes: MAX_PUSH_BYTES, maxSkewSeconds });
  const event = normalizeEvent(inbound.fields);
  const kind = eventKind(event);
  const scene = event.kind === "scan" ? event.scene : null;
  const target =
    kind === null || kind === "unfollow"
      ? { qrCodeId: null, codeReply: null, followReply: null, scanReply: null }
      : await findSceneTarget(account.id, scene);

  const reply = chooseReply(event, target);
  const replyXml = reply
    ? buildReplyXml(reply, {
        toUser: event.openid,
        fromUser: inbound.fields.ToUserName ?? "",
        createTime: Math.floor(Date.now() / 1000),
      })
    : "success";

  const recorded = await recordEvent({
    accountId: account.id,
    dedupKey: dedupKey(inbound.fields),
    replyXml,
    kind,
    openid: event.openid,
    scene,
    qrCodeId: target.qrCodeId,
    occurredAt: event.createTime,
    test: isTestDelivery(account.keys.appId, query),
  });
  return sealReply(account.keys, recorded.replyXml, inbound);
}
