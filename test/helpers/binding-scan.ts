import { followedBefore } from "./sandbox-follower";

/**
 * A WeChat user scanning a binding's code, as the sandbox's simulator delivers it to the app under test.
 * alreadyFollower: they followed before (so the sandbox pushes SCAN, not subscribe).
 */
export async function scanBindingTicket(ticket: string, openid: string, alreadyFollower = false, appOrigin?: string) {
  const { findDefaultAccount } = await import("@/lib/db/accounts");
  const { testDeliveryTo } = await import("@/lib/scans/test-delivery");
  const { simulateScanOfTicket } = await import("@/lib/sandbox/ticket-scan");
  const account = await findDefaultAccount();
  if (!account) throw new Error("no account to scan for");
  const delivery = testDeliveryTo(account);
  // to one instance in particular (the default: the origin the test process was last given)
  if (appOrigin) delivery.webhookUrl = `${appOrigin}/api/wechat/${encodeURIComponent(account.appId)}`;
  if (alreadyFollower) await followedBefore(account.appId, openid);
  return simulateScanOfTicket({ ...delivery, openid, ticket });
}
