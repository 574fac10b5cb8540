import { createHash } from "node:crypto";
import { WeChatXmlError } from "./xml";

export type WeChatEvent =
  | { kind: "scan"; subscribed: boolean; openid: string; createTime: number; scene: string; ticket: string | null }
  | { kind: "follow"; openid: string; createTime: number; eventKey: string }
  | { kind: "unfollow"; openid: string; createTime: number }
  | { kind: "other"; openid: string; createTime: number; msgType: string; event: string | null; msgId: string | null };

const SCENE_PREFIX = "qrscene_";

function required(fields: Record<string, string>, name: string): string {
  const value = fields[name];
  if (typeof value !== "string" || value === "") throw new WeChatXmlError("malformed", `<${name}> is missing`);
  return value;
}

function createTimeOf(fields: Record<string, string>): number {
  const raw = required(fields, "CreateTime");
  const value = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new WeChatXmlError("malformed", `<CreateTime> is not an integer: ${raw}`);
  }
  return value;
}

/** What a pushed message means for channel statistics. Throws WeChatXmlError('malformed') when it cannot tell. */
export function normalizeEvent(fields: Record<string, string>): WeChatEvent {
  const openid = required(fields, "FromUserName");
  const createTime = createTimeOf(fields);
  const msgType = required(fields, "MsgType");
  const event = fields.Event ?? null;
  const eventKey = fields.EventKey ?? "";
  const ticket = fields.Ticket || null;

  if (msgType.toLowerCase() === "event") {
    switch (event?.toLowerCase()) {
      case "subscribe":
        // Only a prefix at the very start marks a scene; a scene may itself contain "qrscene_".
        if (eventKey.startsWith(SCENE_PREFIX) && eventKey.length > SCENE_PREFIX.length) {
          return { kind: "scan", subscribed: true, openid, createTime, scene: eventKey.slice(SCENE_PREFIX.length), ticket };
        }
        return { kind: "follow", openid, createTime, eventKey };
      case "scan":
        return { kind: "scan", subscribed: false, openid, createTime, scene: eventKey, ticket };
      case "unsubscribe":
        return { kind: "unfollow", openid, createTime };
    }
  }
  return { kind: "other", openid, createTime, msgType, event, msgId: fields.MsgId ?? null };
}

const sha1 = (parts: string[]) => createHash("sha1").update(parts.join("\u0001")).digest("hex");

/**
 * Identifies one delivery across WeChat's retries (SPEC §3); the caller adds the account. A message
 * is its MsgId, as WeChat de-duplicates them: a retry may carry another CreateTime. An event has no
 * MsgId, and CreateTime alone is too coarse (several events share a second): FromUserName,
 * CreateTime, Event and EventKey. (MsgType and an empty MsgId stay in it: keys made before stay valid.)
 */
export function dedupKey(fields: Record<string, string>): string {
  const msgId = fields.MsgId;
  if (msgId && fields.MsgType?.toLowerCase() !== "event") return sha1(["MsgId", msgId]);
  return sha1(["FromUserName", "CreateTime", "MsgType", "Event", "EventKey", "MsgId"].map((k) => fields[k] ?? ""));
}
