import { noPositionals, parseArgs, positiveInteger, stringFlag, subcommand } from "./args";
import type { CliCommand } from "./output";
import { listAccounts } from "@/lib/db/accounts";
import { rebuildStatistics } from "@/lib/db/stats-rebuild";

export const statsCommand: CliCommand = {
  usage: [["stats rebuild [--account <id>]", "recompute statistics from the event log (after loading events in bulk)"]],
  prepare(argv) {
    const [, rest] = subcommand("stats", argv, ["rebuild"] as const);
    const args = parseArgs(rest, { account: "string" });
    noPositionals(args);
    const account = stringFlag(args, "account");
    const only = account === undefined ? undefined : positiveInteger(account, "--account");
    return async ({ out, err }) => {
      const ids = only !== undefined ? [only] : (await listAccounts()).map((a) => a.id);
      for (const id of ids) {
        const started = Date.now();
        err(`rebuilding the statistics of account ${id}…`);
        await rebuildStatistics(id);
        out(`account ${id}: statistics rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    };
  },
};
