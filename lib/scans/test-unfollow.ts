import { resolveAccount } from "@/lib/db/resolve-account";
import { conflict } from "@/lib/errors";
import { simulateUnfollow } from "@/lib/scans/simulator";
import { deliveryFacts, testDeliveryTo } from "@/lib/scans/test-delivery";
import { isFollowing } from "@/lib/sandbox/follow-state";

/**
 * "Test unfollow": the follower unfollows the account, `unsubscribe` delivered the way WeChat would
 * to this instance's own webhook. On a sandbox account only a follower can: 409 otherwise, nothing
 * pushed; afterwards the sandbox refuses them customer-service messages (43004) until they follow again.
 */
export async function testUnfollow(input: { accountId?: number; openid: string; createTime?: number }) {
  const account = await resolveAccount(input.accountId);
  if (account.sandbox && !(await isFollowing(account.appId, input.openid))) {
    throw conflict("not_following", `${input.openid} does not follow the account: there is nothing to unfollow`, "openid");
  }
  const result = await simulateUnfollow({ ...testDeliveryTo(account), openid: input.openid, createTime: input.createTime });
  return { accountId: account.id, openid: input.openid, ...deliveryFacts(result) };
}

/** What POST /api/sandbox/followers/{openid}/unfollow answers. */
export type TestUnfollowResult = Awaited<ReturnType<typeof testUnfollow>>;
