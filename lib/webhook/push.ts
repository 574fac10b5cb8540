import { dedupKey, InboundError, normalizeEvent, openInbound, type Inbound, type WeChatEvent } from "@/lib/wechat";
import type { WebhookAccount } from "@/lib/db/webhook-config";
import type { EventKind } from "@/lib/generated/prisma/client";
import { isTestDelivery } from "@/lib/scans/test-delivery";
import { CALENDAR } from "@/lib/limits";
import { hasNul } from "@/lib/validation/input";

const MAX_OPENID_LENGTH = 128;
/** CreateTime before the product's first day or more than a day ahead is not WeChat's (and would not fit a timestamp). */
const EARLIEST_CREATE_TIME = Date.parse(`${CALENDAR.firstDay}T00:00:00Z`) / 1000;
const LATEST_CREATE_TIME_AHEAD = 86_400;

/** A push that passed every check and is ready to be recorded. */
export type Push = {
  account: WebhookAccount;
  inbound: Inbound;
  event: WeChatEvent;
  /** What statistics count it as; null for messages and other events (answered, not counted). */
  kind: EventKind | null;
  scene: string | null;
  /** A follower's text message (MsgType text): its Content, for keyword replies; null for anything else. */
  text: string | null;
  dedupKey: string;
  test: boolean;
};

function kindOf(event: WeChatEvent): EventKind | null {
  if (event.kind === "scan") return event.subscribed ? "scan_subscribe" : "scan";
  if (event.kind === "follow") return "follow";
  if (event.kind === "unfollow") return "unfollow";
  return null;
}

function refuse(message: string): never {
  throw new InboundError(400, "malformed", message);
}

/**
 * Opens one push from WeChat (signature, timestamp window, decryption, XML limits) and checks what
 * would be stored. Every refusal is an InboundError or WeChatXmlError, before anything is written.
 */
export function openPush(account: WebhookAccount, query: URLSearchParams, body: string, maxSkewSeconds: number): Push {
  const inbound = openInbound(account.keys, query, body, { maxSkewSeconds });
  const withNul = Object.entries(inbound.fields).find(([name, value]) => hasNul(name) || hasNul(value));
  if (withNul) refuse(`<${withNul[0].replaceAll("\u0000", "")}> contains the NUL character (U+0000)`);
  const event = normalizeEvent(inbound.fields);
  if (event.openid.length > MAX_OPENID_LENGTH) refuse(`FromUserName is longer than ${MAX_OPENID_LENGTH} characters`);
  const now = Math.floor(Date.now() / 1000);
  if (event.createTime < EARLIEST_CREATE_TIME || event.createTime > now + LATEST_CREATE_TIME_AHEAD)
    refuse(`CreateTime ${event.createTime} is not a plausible time`);
  return {
    account,
    inbound,
    event,
    kind: kindOf(event),
    scene: event.kind === "scan" ? event.scene : null,
    text: event.kind === "other" && event.msgType.toLowerCase() === "text" ? (inbound.fields.Content ?? "") : null,
    dedupKey: dedupKey(inbound.fields),
    test: isTestDelivery(account.keys.appId, query),
  };
}
