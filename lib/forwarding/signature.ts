import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// How a receiver knows a forwarded event came from this Qudao and was not replayed: an HMAC-SHA256
// of "<timestamp>.<body>" under the endpoint's secret (README, "Event forwarding").

export const FORWARD_HEADERS = {
  eventId: "x-qudao-event-id",
  timestamp: "x-qudao-timestamp",
  signature: "x-qudao-signature",
} as const;

/** How old a signed timestamp a receiver should still accept (the README's example uses it). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** A new endpoint's secret: 32 random bytes, shown to the admin once. */
export function generateForwardSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The X-Qudao-Signature value: `sha256=<hex>`. */
export function signForward(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does: the signature matches (in constant time) and the timestamp is recent. */
export function verifyForward(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signForward(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
