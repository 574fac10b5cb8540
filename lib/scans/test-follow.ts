import { findAccountById } from "@/lib/db/accounts";
import { notFound } from "@/lib/errors";
import { simulatePlainFollow } from "@/lib/scans/simulator";
import { deliveryFacts, testDeliveryTo } from "@/lib/scans/test-delivery";

/**
 * "Test follow": a plain follow (no code: search, profile card…) delivered the way WeChat would —
 * signed, encrypted per the account's mode, with WeChat's timeout and retries — to this instance's
 * own webhook. Answers with the decrypted welcome a new follower gets, and why nothing came if so.
 */
export async function testFollow(input: { accountId: number; openid: string }) {
  const account = await findAccountById(input.accountId);
  if (!account) throw notFound("account");
  const result = await simulatePlainFollow({ ...testDeliveryTo(account), openid: input.openid });
  return { accountId: account.id, openid: input.openid, ...deliveryFacts(result) };
}

/** What POST /api/replies/test-follow answers. */
export type TestFollowResult = Awaited<ReturnType<typeof testFollow>>;
