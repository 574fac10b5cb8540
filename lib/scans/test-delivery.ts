import { createHmac, timingSafeEqual } from "node:crypto";
import type { AccountRecord } from "@/lib/db/accounts";
import { config } from "@/lib/config";
import type { DeliveryResult } from "@/lib/scans/simulator";
import { recordSandboxDelivery } from "@/lib/sandbox/interactions";

/**
 * Marks a push our own simulator delivers for an operator's "test scan" on a real account, so the
 * webhook answers it like any other but keeps it out of statistics. Only this installation can
 * make the mark (an HMAC under its ENCRYPTION_KEY); WeChat never sends it.
 */
export const TEST_DELIVERY_PARAM = "qudao_test";

function mark(appId: string, timestamp: string, nonce: string): string {
  const key = config().encryptionKey;
  if (!key) throw new Error("ENCRYPTION_KEY is not set");
  return createHmac("sha256", key).update(`test-delivery\u0001${appId}\u0001${timestamp}\u0001${nonce}`).digest("hex");
}

export function markTestDelivery(appId: string) {
  return (query: URLSearchParams) =>
    query.set(TEST_DELIVERY_PARAM, mark(appId, query.get("timestamp") ?? "", query.get("nonce") ?? ""));
}

export function isTestDelivery(appId: string, query: URLSearchParams): boolean {
  const given = query.get(TEST_DELIVERY_PARAM);
  if (!given) return false;
  const expected = Buffer.from(mark(appId, query.get("timestamp") ?? "", query.get("nonce") ?? ""));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Where and how an operator's test reaches this instance's own webhook. On the sandbox account
 * every scan is a trial and counts, and the sandbox records what the follower did and got (the
 * windows for customer-service messages); on a real account the delivery is marked and not counted.
 */
export function testDeliveryTo(account: AccountRecord) {
  return {
    account,
    webhookUrl: `${config().internalOrigin}/api/wechat/${encodeURIComponent(account.appId)}`,
    markQuery: account.sandbox ? undefined : markTestDelivery(account.appId),
    onPush: account.sandbox ? recordSandboxDelivery(account.appId) : undefined,
  };
}

/** What the operator sees of a delivery. */
export type DeliveryFacts = Pick<DeliveryResult, "attempts" | "status" | "reply" | "error">;

export function deliveryFacts(result: DeliveryResult): DeliveryFacts {
  return {
    attempts: result.attempts,
    status: result.status,
    reply: result.reply,
    ...(result.error ? { error: result.error } : {}),
  };
}
