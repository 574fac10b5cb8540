import { randomInt } from "node:crypto";
import { WeChatCipher, WeChatCryptoError } from "./cipher";
import { buildEncryptedReply } from "./reply";
import { checkMsgSignature, checkSignature, msgSignature } from "./signature";
import { parseWeChatXml, WeChatXmlError } from "./xml";
import { PUSH_ACCEPTANCE } from "./limits";

export type MessageMode = "plain" | "compatible" | "safe";

export type AccountKeys = { appId: string; token: string; encodingAesKey: string | null; mode: MessageMode };

export type InboundErrorCode =
  | "bad_signature"
  | "stale_timestamp"
  | "too_large"
  | "forbidden_dtd"
  | "malformed"
  | "decrypt_failed"
  | "encryption_required";

export class InboundError extends Error {
  readonly status: 400 | 401 | 413;
  readonly code: InboundErrorCode;
  constructor(status: 400 | 401 | 413, code: InboundErrorCode, message: string) {
    super(message);
    this.name = "InboundError";
    this.status = status;
    this.code = code;
  }
}

export type InboundOptions = { maxBytes?: number | undefined; now?: number | undefined; maxSkewSeconds?: number | undefined };

export type Inbound = { fields: Record<string, string>; encrypted: boolean; timestamp: string; nonce: string };

function parse(body: string, maxBytes: number | undefined, what: string): Record<string, string> {
  try {
    return parseWeChatXml(body, { maxBytes });
  } catch (err) {
    if (!(err instanceof WeChatXmlError)) throw err;
    throw new InboundError(err.code === "too_large" ? 413 : 400, err.code, `${what}: ${err.message}`);
  }
}

function isEncrypted(query: URLSearchParams): boolean {
  const type = query.get("encrypt_type");
  if (type === null || type === "" || type === "raw") return false;
  if (type === "aes") return true;
  throw new InboundError(400, "malformed", `unknown encrypt_type "${type}"`);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Whether WeChat's timestamp (whole seconds) is within the window around now. */
function withinWindow(timestamp: string | null, opts: InboundOptions): boolean {
  const skew = opts.maxSkewSeconds ?? PUSH_ACCEPTANCE.maxSkewSeconds;
  const sent = timestamp !== null && /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  return Math.abs((opts.now ?? nowSeconds()) - sent) <= skew;
}

/**
 * The protocol step of the webhook: authenticate, bound, decrypt and parse one push from WeChat.
 * In encrypted requests only the decrypted fields are returned: the plain copy that compatible
 * mode sends alongside is covered by no signature.
 */
export function openInbound(keys: AccountKeys, query: URLSearchParams, body: string, opts: InboundOptions = {}): Inbound {
  const timestamp = query.get("timestamp") ?? "";
  const nonce = query.get("nonce") ?? "";
  if (!checkSignature(keys.token, timestamp, nonce, query.get("signature"))) {
    throw new InboundError(401, "bad_signature", "signature does not match the token");
  }
  const skew = opts.maxSkewSeconds ?? PUSH_ACCEPTANCE.maxSkewSeconds;
  if (!withinWindow(timestamp, opts)) {
    throw new InboundError(401, "stale_timestamp", `timestamp is outside the ±${skew} s window`);
  }

  const encrypted = isEncrypted(query);
  const outer = parse(body, opts.maxBytes, "body");
  if (!encrypted) {
    if (keys.mode === "safe") {
      throw new InboundError(400, "encryption_required", "this account is in safe mode; plain requests are refused");
    }
    return { fields: outer, encrypted, timestamp, nonce };
  }

  const encrypt = outer.Encrypt;
  if (!encrypt) throw new InboundError(400, "malformed", "encrypted request without <Encrypt>");
  if (!checkMsgSignature(keys.token, timestamp, nonce, encrypt, query.get("msg_signature"))) {
    throw new InboundError(401, "bad_signature", "msg_signature does not match the ciphertext");
  }
  if (!keys.encodingAesKey) {
    throw new InboundError(400, "decrypt_failed", "encrypted request but the account has no EncodingAESKey");
  }
  let xml: string;
  try {
    xml = new WeChatCipher(keys.encodingAesKey, keys.appId).decrypt(encrypt);
  } catch (err) {
    if (!(err instanceof WeChatCryptoError)) throw err;
    throw new InboundError(400, "decrypt_failed", `cannot decrypt (${err.code}): ${err.message}`);
  }
  return { fields: parse(xml, opts.maxBytes, "decrypted message"), encrypted, timestamp, nonce };
}

/**
 * The GET check WeChat makes when the server URL is saved: echostr when the signature holds and the
 * timestamp is fresh (else a captured check could be replayed to make us echo any text).
 */
export function verifyEcho(keys: AccountKeys, query: URLSearchParams, opts: InboundOptions = {}): string | null {
  const echostr = query.get("echostr");
  if (echostr === null || !withinWindow(query.get("timestamp"), opts)) return null;
  return checkSignature(keys.token, query.get("timestamp"), query.get("nonce"), query.get("signature")) ? echostr : null;
}

export type SealOptions = { timestamp?: string | undefined; nonce?: string | undefined; random16?: Buffer | undefined };

export function randomNonce(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

/** The reply body as WeChat expects it for this request: plain, or the encrypted envelope. */
export function sealReply(keys: AccountKeys, replyXml: string, inbound: { encrypted: boolean }, opts: SealOptions = {}): string {
  // "success" and the empty body mean "no reply"; WeChat takes them unencrypted in every mode.
  if (!inbound.encrypted || replyXml === "" || replyXml === "success") return replyXml;
  if (!keys.encodingAesKey) throw new WeChatCryptoError("bad_key", "the account has no EncodingAESKey");
  const timestamp = opts.timestamp ?? String(nowSeconds());
  const nonce = opts.nonce ?? randomNonce();
  const encrypt = new WeChatCipher(keys.encodingAesKey, keys.appId).encrypt(replyXml, opts.random16);
  return buildEncryptedReply(encrypt, msgSignature(keys.token, timestamp, nonce, encrypt), timestamp, nonce);
}
