import { findAccountById } from "@/lib/db/accounts";
import { conflict, notFound } from "@/lib/errors";
import { simulatePlainFollow } from "@/lib/scans/simulator";
import { deliveryFacts, testDeliveryTo } from "@/lib/scans/test-delivery";
import { isFollowing } from "@/lib/sandbox/follow-state";

/**
 * "Test follow": a plain follow (no code: search, profile card…) delivered the way WeChat would —
 * signed, encrypted per the account's mode, with WeChat's timeout and retries — to this instance's
 * own webhook. Answers with the decrypted welcome a new follower gets, and why nothing came if so.
 * On a sandbox account someone who already follows cannot follow again: 409, nothing is pushed.
 */
export async function testFollow(input: { accountId: number; openid: string }) {
  const account = await findAccountById(input.accountId);
  if (!account) throw notFound("account");
  if (account.sandbox && (await isFollowing(account.appId, input.openid))) {
    throw conflict(
      "already_following",
      `${input.openid} already follows the account: WeChat pushes no second subscribe`,
      "openid",
    );
  }
  const result = await simulatePlainFollow({ ...testDeliveryTo(account), openid: input.openid });
  return { accountId: account.id, openid: input.openid, ...deliveryFacts(result) };
}

/** What POST /api/replies/test-follow answers. */
export type TestFollowResult = Awaited<ReturnType<typeof testFollow>>;
