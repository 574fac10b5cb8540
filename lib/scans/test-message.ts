import { resolveAccount } from "@/lib/db/resolve-account";
import { simulateTextMessage } from "@/lib/scans/simulator";
import { deliveryFacts, testDeliveryTo } from "@/lib/scans/test-delivery";

/**
 * "Test message": a follower's text message delivered the way WeChat would — signed, encrypted per
 * the account's mode, with WeChat's timeout and retries — to this instance's own webhook. Answers
 * with the passive reply (a keyword reply, say). On a sandbox account the sandbox records it: the
 * follower's 48-hour window for customer-service messages opens.
 */
export async function testMessage(input: { accountId?: number; openid: string; text: string; msgId?: string }) {
  const account = await resolveAccount(input.accountId);
  const result = await simulateTextMessage({
    ...testDeliveryTo(account),
    openid: input.openid,
    text: input.text,
    msgId: input.msgId,
  });
  return { accountId: account.id, openid: input.openid, text: input.text, ...deliveryFacts(result) };
}

/** What POST /api/sandbox/followers/{openid}/messages answers. */
export type TestMessageResult = Awaited<ReturnType<typeof testMessage>>;
