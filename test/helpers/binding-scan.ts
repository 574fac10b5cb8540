/** A WeChat user scanning a binding's code, as the sandbox's simulator delivers it to the app under test. */
export async function scanBindingTicket(ticket: string, openid: string, alreadyFollower = false) {
  const { findDefaultAccount } = await import("@/lib/db/accounts");
  const { testDeliveryTo } = await import("@/lib/scans/test-delivery");
  const { simulateScanOfTicket } = await import("@/lib/sandbox/ticket-scan");
  const account = await findDefaultAccount();
  if (!account) throw new Error("no account to scan for");
  return simulateScanOfTicket({ ...testDeliveryTo(account), openid, ticket, alreadyFollower });
}
