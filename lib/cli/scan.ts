import { testScan } from "@/lib/scans/test-scan";
import { bindingTicket } from "@/lib/db/bindings";
import { findAccountById } from "@/lib/db/accounts";
import { simulateScanOfTicket } from "@/lib/sandbox/ticket-scan";
import { testDeliveryTo } from "@/lib/scans/test-delivery";
import { notFound } from "@/lib/errors";
import type { Output } from "./output";

const WHAT = { subscribe: "subscribe (a new follower, EventKey qrscene_…)", SCAN: "SCAN (an existing follower)" } as const;

function printReply(out: Output["out"], reply: unknown, error?: string) {
  out(typeof reply === "string" ? `reply: ${reply || "(empty)"}` : `reply: ${JSON.stringify(reply)}`);
  if (error) out(`error: ${error}`);
}

/** `scan --code <id> --openid <o> [--follower]`: one simulated WeChat scan against the running app. */
export async function runScanCommand(args: { code: number; openid: string; follower: boolean }, { out }: Output): Promise<void> {
  const result = await testScan({ qrCodeId: args.code, openid: args.openid, follower: args.follower });
  out(
    `delivered ${WHAT[result.event]} for code ${result.qrCodeId} as ${result.openid}: HTTP ${result.status} after ${result.attempts} attempt(s)`,
  );
  printReply(out, result.reply, result.error);
}

/** `scan --binding <id> --openid <o>`: a WeChat user scanning a sandbox binding's code (scan-to-follow sign-in). */
export async function runBindingScanCommand(args: { binding: string; openid: string }, { out }: Output): Promise<void> {
  const binding = await bindingTicket(args.binding);
  if (!binding) throw notFound(`binding ${args.binding}`);
  const account = await findAccountById(binding.accountId);
  if (!account) throw notFound("account");
  const result = await simulateScanOfTicket({ ...testDeliveryTo(account), openid: args.openid, ticket: binding.ticket });
  out(
    `delivered ${WHAT[result.event]} for binding ${args.binding} as ${args.openid}: HTTP ${result.status} after ${result.attempts} attempt(s)`,
  );
  printReply(out, result.reply, result.error);
}
