import { noPositionals, parseArgs, positiveInteger, requiredFlag, stringFlag, UsageError } from "./args";
import type { CliCommand } from "./output";

// `unfollow`: a follower unfollows the account, `unsubscribe` delivered to the running app's webhook
// like WeChat would. The sandbox refuses it for someone who does not follow.

export const unfollowCommand: CliCommand = {
  usage: [
    [
      "unfollow --openid <openid> [--account <id>]",
      "simulate a follower unfollowing (unsubscribe; the first account unless --account)",
    ],
  ],
  prepare(argv) {
    const args = parseArgs(argv, { openid: "string", account: "string" });
    noPositionals(args);
    const openid = requiredFlag(args, "openid");
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid)) throw new UsageError("--openid must be 1–64 letters, digits, - or _");
    const account = stringFlag(args, "account");
    const accountId = account === undefined ? undefined : positiveInteger(account, "--account");
    return async ({ out }) => {
      const { testUnfollow } = await import("@/lib/scans/test-unfollow");
      const result = await testUnfollow({ accountId, openid });
      out(
        `delivered unsubscribe to account ${result.accountId} as ${openid}: HTTP ${result.status} after ${result.attempts} attempt(s)`,
      );
      if (result.error) out(`error: ${result.error}`);
    };
  },
};
