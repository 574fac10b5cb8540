import { noPositionals, parseArgs, positiveInteger, requiredFlag, stringFlag, UsageError } from "./args";
import type { CliCommand } from "./output";
import { REPLY_RULES } from "@/lib/wechat/limits";

// `message`: a follower sends the account a text message, delivered to the running app's webhook
// like WeChat would (signed, encrypted per the account's mode), e.g. to try keyword replies.

export const messageCommand: CliCommand = {
  usage: [
    [
      'message --openid <openid> --text "…" [--account <id>] [--msg-id <n>]',
      "simulate a follower sending a text message (the first account unless --account)",
    ],
  ],
  prepare(argv) {
    const args = parseArgs(argv, { openid: "string", text: "string", account: "string", "msg-id": "string" });
    noPositionals(args);
    const openid = requiredFlag(args, "openid");
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid)) throw new UsageError("--openid must be 1–64 letters, digits, - or _");
    const text = requiredFlag(args, "text");
    if ([...text].length > REPLY_RULES.textChars)
      throw new UsageError(`--text is longer than ${REPLY_RULES.textChars} characters`);
    const account = stringFlag(args, "account");
    const accountId = account === undefined ? undefined : positiveInteger(account, "--account");
    const msgId = stringFlag(args, "msg-id");
    if (msgId !== undefined && !/^[0-9]{1,19}$/.test(msgId)) throw new UsageError("--msg-id must be a decimal integer");
    return async ({ out }) => {
      const { testMessage } = await import("@/lib/scans/test-message");
      const result = await testMessage({ accountId, openid, text, msgId });
      out(
        `delivered a text message to account ${result.accountId} as ${openid}: HTTP ${result.status} after ${result.attempts} attempt(s)`,
      );
      out(typeof result.reply === "string" ? `reply: ${result.reply || "(empty)"}` : `reply: ${JSON.stringify(result.reply)}`);
      if (result.error) out(`error: ${result.error}`);
    };
  },
};
