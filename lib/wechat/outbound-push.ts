import { WeChatCipher, WeChatCryptoError } from "./cipher";
import { nowSeconds, randomNonce, type AccountKeys } from "./inbound";
import { checkMsgSignature, msgSignature, sha1Sorted } from "./signature";
import { cdata, parseWeChatXml, WeChatXmlError } from "./xml";

// What WeChat's servers do: used by the sandbox's scan simulator and by tests.

export type PushedEvent = {
  toUser: string;
  fromUser: string;
  createTime: number;
  event: "subscribe" | "SCAN" | "unsubscribe";
  eventKey?: string;
  ticket?: string;
};

export function buildEventXml(e: PushedEvent): string {
  if (!Number.isSafeInteger(e.createTime) || e.createTime < 0) throw new TypeError("createTime must be a non-negative integer");
  return (
    `<xml><ToUserName>${cdata(e.toUser)}</ToUserName><FromUserName>${cdata(e.fromUser)}</FromUserName>` +
    `<CreateTime>${e.createTime}</CreateTime><MsgType>${cdata("event")}</MsgType><Event>${cdata(e.event)}</Event>` +
    (e.eventKey === undefined ? "" : `<EventKey>${cdata(e.eventKey)}</EventKey>`) +
    (e.ticket === undefined ? "" : `<Ticket>${cdata(e.ticket)}</Ticket>`) +
    `</xml>`
  );
}

/** A follower's text message as WeChat pushes it (MsgId: a 64-bit integer, the message's identity for retries). */
export type PushedText = { toUser: string; fromUser: string; createTime: number; content: string; msgId: string };

export function buildTextMessageXml(m: PushedText): string {
  if (!Number.isSafeInteger(m.createTime) || m.createTime < 0) throw new TypeError("createTime must be a non-negative integer");
  if (!/^[0-9]{1,20}$/.test(m.msgId)) throw new TypeError("msgId must be a decimal integer");
  return (
    `<xml><ToUserName>${cdata(m.toUser)}</ToUserName><FromUserName>${cdata(m.fromUser)}</FromUserName>` +
    `<CreateTime>${m.createTime}</CreateTime><MsgType>${cdata("text")}</MsgType><Content>${cdata(m.content)}</Content>` +
    `<MsgId>${m.msgId}</MsgId></xml>`
  );
}

export type PushOptions = { timestamp?: string | undefined; nonce?: string | undefined; random16?: Buffer | undefined };

function cipherFor(keys: AccountKeys): WeChatCipher {
  if (!keys.encodingAesKey) throw new WeChatCryptoError("bad_key", `mode ${keys.mode} needs an EncodingAESKey`);
  return new WeChatCipher(keys.encodingAesKey, keys.appId);
}

/** The request WeChat sends to the webhook for one message, in the account's mode. */
export function buildPush(keys: AccountKeys, xml: string, opts: PushOptions = {}): { query: URLSearchParams; body: string } {
  const fields = parseWeChatXml(xml);
  const timestamp = opts.timestamp ?? String(nowSeconds());
  const nonce = opts.nonce ?? randomNonce();
  const query = new URLSearchParams({
    signature: sha1Sorted([keys.token, timestamp, nonce]),
    timestamp,
    nonce,
    openid: fields.FromUserName ?? "",
  });
  if (keys.mode === "plain") return { query, body: xml };

  const encrypt = cipherFor(keys).encrypt(xml, opts.random16);
  query.set("encrypt_type", "aes");
  query.set("msg_signature", msgSignature(keys.token, timestamp, nonce, encrypt));
  const sealed = `<Encrypt>${cdata(encrypt)}</Encrypt>`;
  if (keys.mode === "compatible") {
    const end = xml.search(/<\/xml\s*>\s*$/);
    if (end < 0) throw new TypeError("the message must end with </xml>");
    return { query, body: xml.slice(0, end) + sealed + xml.slice(end) };
  }
  return { query, body: `<xml><ToUserName>${cdata(fields.ToUserName ?? "")}</ToUserName>${sealed}</xml>` };
}

export type ReplyErrorCode = "bad_signature" | "decrypt_failed" | "malformed" | "encryption_required";

export class WeChatReplyError extends Error {
  readonly code: ReplyErrorCode;
  constructor(code: ReplyErrorCode, message: string) {
    super(message);
    this.name = "WeChatReplyError";
    this.code = code;
  }
}

function parseReply(body: string): Record<string, string> {
  try {
    return parseWeChatXml(body);
  } catch (err) {
    if (err instanceof WeChatXmlError) throw new WeChatReplyError("malformed", `reply: ${err.message}`);
    throw err;
  }
}

/**
 * What WeChat makes of the webhook's answer. Compatible mode may answer in plain text; safe mode
 * must encrypt. "success" and the empty body mean "nothing to say".
 */
export function openReply(keys: AccountKeys, replyBody: string, encrypted: boolean): Record<string, string> | "success" | "" {
  if (replyBody === "" || replyBody === "success") return replyBody;
  const envelope = parseReply(replyBody);
  if (!encrypted || envelope.Encrypt === undefined) {
    if (encrypted && keys.mode === "safe") {
      throw new WeChatReplyError("encryption_required", "safe mode needs an encrypted reply");
    }
    return envelope;
  }
  const { Encrypt, MsgSignature, TimeStamp, Nonce } = envelope;
  if (!checkMsgSignature(keys.token, TimeStamp, Nonce, Encrypt, MsgSignature)) {
    throw new WeChatReplyError("bad_signature", "MsgSignature of the reply does not match");
  }
  let xml: string;
  try {
    xml = cipherFor(keys).decrypt(Encrypt);
  } catch (err) {
    if (err instanceof WeChatCryptoError) throw new WeChatReplyError("decrypt_failed", `reply: ${err.message}`);
    throw err;
  }
  return parseReply(xml);
}
