import { createHash, timingSafeEqual } from "node:crypto";

export function sha1Sorted(parts: string[]): string {
  return createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");
}

type Piece = string | null | undefined;

function given(p: Piece): p is string {
  return typeof p === "string" && p.length > 0;
}

function sameHex(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(actual.toLowerCase(), "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The URL signature WeChat adds to every webhook call: sha1 over token, timestamp and nonce. */
export function checkSignature(token: Piece, timestamp: Piece, nonce: Piece, signature: Piece): boolean {
  if (!given(token) || !given(timestamp) || !given(nonce) || !given(signature)) return false;
  return sameHex(sha1Sorted([token, timestamp, nonce]), signature);
}

/** The signature that authenticates an encrypted body: sha1 over token, timestamp, nonce and the ciphertext. */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sha1Sorted([token, timestamp, nonce, encrypt]);
}

export function checkMsgSignature(token: Piece, timestamp: Piece, nonce: Piece, encrypt: Piece, msgSig: Piece): boolean {
  if (!given(token) || !given(timestamp) || !given(nonce) || !given(encrypt) || !given(msgSig)) return false;
  return sameHex(msgSignature(token, timestamp, nonce, encrypt), msgSig);
}
