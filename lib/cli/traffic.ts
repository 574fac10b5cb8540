import { noPositionals, parseArgs, positiveInteger, requiredFlag, stringFlag, UsageError } from "./args";
import type { CliCommand } from "./output";
import { TRAFFIC_RULES } from "@/lib/scans/traffic-plan";

// `traffic`: a day of a sandbox code's scans in seconds, through the real signed webhook path.

function count(value: string, what: string, max: number): number {
  if (!/^[1-9][0-9]*$/.test(value) || Number(value) > max)
    throw new UsageError(`${what} must be a whole number from 1 to ${max}, got "${value}"`);
  return Number(value);
}

export const trafficCommand: CliCommand = {
  usage: [
    [
      "traffic --code <id> --scans N --unfollow-rate R [--openids K]",
      `a realistic day of a sandbox code's scans (N ≤ ${TRAFFIC_RULES.maxScans}) by K people (default 3/4 of N), most once;`,
    ],
    ["", "  spread over today's hours so far; a share R (0–1) of the new followers unfollows later; prints what it sent"],
  ],
  prepare(argv) {
    const args = parseArgs(argv, { code: "string", scans: "string", "unfollow-rate": "string", openids: "string" });
    noPositionals(args);
    const code = positiveInteger(requiredFlag(args, "code"), "--code");
    const scans = count(requiredFlag(args, "scans"), "--scans", TRAFFIC_RULES.maxScans);
    const rate = requiredFlag(args, "unfollow-rate");
    if (!/^(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$/.test(rate))
      throw new UsageError(`--unfollow-rate must be from 0 to 1, got "${rate}"`);
    const openids = stringFlag(args, "openids");
    const people = openids === undefined ? undefined : count(openids, "--openids", scans);
    return async ({ out, err }) => {
      const { runTraffic } = await import("@/lib/scans/traffic");
      const started = Date.now();
      err(`sending ${scans} scans of code ${code}…`);
      const result = await runTraffic({ qrCodeId: code, scans, unfollowRate: Number(rate), people });
      out(`code ${result.qrCodeId} (account ${result.accountId}), in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      out(`scans ${result.scans}`);
      out(`unique scanners ${result.people}`);
      out(`new followers ${result.newFollowers}`);
      out(`returning followers ${result.returning}`);
      out(`unfollows ${result.unfollows}`);
      if (result.failed) out(`failed deliveries ${result.failed} (first: ${result.firstError})`);
    };
  },
};
