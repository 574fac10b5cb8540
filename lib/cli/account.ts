import { noPositionals, parseArgs, subcommand } from "./args";
import { table, type CliCommand } from "./output";
import { listAccounts } from "@/lib/db/accounts";

export const accountCommand: CliCommand = {
  usage: [["account list", "official accounts, their webhook paths and (masked) secrets"]],
  prepare(argv) {
    const [, rest] = subcommand("account", argv, ["list"] as const);
    noPositionals(parseArgs(rest, {}));
    return async ({ out }) => {
      const accounts = await listAccounts();
      if (accounts.length === 0) return out("No official accounts yet (set WECHAT_APP_ID and friends, or use the dashboard).");
      const rows = accounts.map((a) => [
        a.appId,
        a.name,
        a.mode,
        a.sandbox ? "yes" : "no",
        `/api/wechat/${a.appId}`,
        a.appSecretMasked,
        a.tokenMasked,
        a.encodingAesKeyMasked ?? "-",
      ]);
      const headers = ["APPID", "NAME", "MODE", "SANDBOX", "WEBHOOK", "APPSECRET", "TOKEN", "AESKEY"];
      for (const line of table(headers, rows)) out(line);
    };
  },
};
