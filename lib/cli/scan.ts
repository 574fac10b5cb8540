import { testScan } from "@/lib/scans/test-scan";

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
