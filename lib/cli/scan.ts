import { testScan } from "@/lib/scans/test-scan";
import { bindingTicket } from "@/lib/db/bindings";
import { findAccountById } from "@/lib/db/accounts";
import { simulateScanOfTicket } from "@/lib/sandbox/ticket-scan";
import { testDeliveryTo } from "@/lib/scans/test-delivery";
import { notFound } from "@/lib/errors";

/** `scan --code <id> --openid <o> [--follower]`: one simulated WeChat scan against the running app. */
export async function runScanCommand(args: { code: number; openid: string; follower: boolean }): Promise<void> {
  const result = await testScan({ qrCodeId: args.code, openid: args.openid, follower: args.follower });
  console.log(
    `delivered ${args.follower ? "SCAN" : "subscribe"} for code ${result.qrCodeId} as ${result.openid}: HTTP ${result.status} after ${result.attempts} attempt(s)`,
  );
  console.log(
    typeof result.reply === "string" ? `reply: ${result.reply || "(empty)"}` : `reply: ${JSON.stringify(result.reply)}`,
  );
}

/** `scan --binding <id> --openid <o> [--follower]`: a WeChat user scanning a sandbox binding's code (scan-to-follow sign-in). */
export async function runBindingScanCommand(args: { binding: string; openid: string; follower: boolean }): Promise<void> {
  const binding = await bindingTicket(args.binding);
  if (!binding) throw notFound(`binding ${args.binding}`);
  const account = await findAccountById(binding.accountId);
  if (!account) throw notFound("account");
  const result = await simulateScanOfTicket({
    ...testDeliveryTo(account),
    openid: args.openid,
    ticket: binding.ticket,
    alreadyFollower: args.follower,
  });
  console.log(
    `delivered ${args.follower ? "SCAN" : "subscribe"} for binding ${args.binding} as ${args.openid}: HTTP ${result.status} after ${result.attempts} attempt(s)`,
  );
  console.log(
    typeof result.reply === "string" ? `reply: ${result.reply || "(empty)"}` : `reply: ${JSON.stringify(result.reply)}`,
  );
}
