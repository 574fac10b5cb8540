import { noPositionals, parseArgs, positiveInteger, requiredFlag, UsageError } from "./args";
import { consoleOutput, table, type CliCommand, type Output } from "./output";
import { accountCommand } from "./account";
import { tokenCommand } from "./token";
import { userCommand } from "./user";
import { statsCommand } from "./stats";
import { backupCommand, restoreCommand } from "./backup";
import { messageCommand } from "./message";
import { unfollowCommand } from "./unfollow";
import { trafficCommand } from "./traffic";
import { DomainError } from "@/lib/errors";
import { disconnect } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/runtime/database";

// ---- scan: argument parsing here; the work is the lead's lib/cli/scan.ts (loaded only when used) ----
const scanCommand: CliCommand = {
  usage: [
    [
      "scan --code <id> --openid <openid> [--follower]",
      "simulate WeChat delivering a scan of a code: subscribe (qrscene_…) from someone who does not follow, SCAN from a follower",
    ],
    ["", "  the sandbox knows who follows and picks the event itself; --follower only tells it for a real account"],
    ["scan --binding <bnd_…> --openid <openid>", "the same for a sandbox binding's code (scan-to-follow sign-in)"],
  ],
  prepare(argv) {
    const args = parseArgs(argv, { code: "string", binding: "string", openid: "string", follower: "boolean" });
    noPositionals(args);
    const openid = requiredFlag(args, "openid");
    const follower = args.flags.follower === true;
    const binding = typeof args.flags.binding === "string" ? args.flags.binding : undefined;
    if (binding !== undefined) {
      if (!/^bnd_[A-Za-z0-9_-]{22}$/.test(binding))
        throw new UsageError(`--binding must be a binding id (bnd_…), got "${binding}"`);
      if (follower)
        throw new UsageError(
          "--follower is for a real account's code; a binding's code is the sandbox's, which knows who follows",
        );
      return async (output) => {
        const { runBindingScanCommand } = await import("./scan");
        await runBindingScanCommand({ binding, openid }, output);
      };
    }
    const code = positiveInteger(requiredFlag(args, "code"), "--code");
    return async (output) => {
      const { runScanCommand } = await import("./scan");
      await runScanCommand({ code, openid, follower }, output);
    };
  },
};
// ---- end of scan ----

const COMMANDS: Record<string, CliCommand> = {
  token: tokenCommand,
  user: userCommand,
  account: accountCommand,
  scan: scanCommand,
  message: messageCommand,
  unfollow: unfollowCommand,
  traffic: trafficCommand,
  stats: statsCommand,
  backup: backupCommand,
  restore: restoreCommand,
};

export function usage(): string[] {
  return [
    "usage: npm run cli -- <command> [options]",
    "",
    ...table(
      ["COMMAND", ""],
      Object.values(COMMANDS).flatMap((c) => c.usage),
    )
      .slice(1)
      .map((line) => `  ${line}`),
    "",
    "Connects like the app: DATABASE_URL if set, else the embedded PostgreSQL under DATA_DIR (default ./.data).",
  ];
}

/** Runs the CLI and returns its exit code: 0 done, 1 failed, 2 called wrongly. Never throws. */
export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    for (const line of usage()) output.out(line);
    return 0;
  }

  let action: (output: Output) => Promise<void>;
  try {
    if (name === undefined) throw new UsageError("missing command");
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command "${name}"`);
    action = command.prepare(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`error: ${error.message}`);
    output.err("");
    for (const line of usage()) output.err(line);
    return 2;
  }

  let database: { stop(): Promise<void> } | undefined;
  try {
    database = await ensureDatabase({ log: (line) => output.err(line) });
    await action(output);
    return 0;
  } catch (error) {
    output.err(`error: ${describe(error)}`);
    return 1;
  } finally {
    await disconnect().catch(() => {});
    await database?.stop().catch(() => {});
  }
}

/** One line, no stack trace; typed errors already carry a message meant for people. */
function describe(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ECONNREFUSED" || code === "ENOTFOUND") return `cannot reach the database (${error.message})`;
    return error.message.split("\n").find((line) => line.trim()) ?? error.name;
  }
  return String(error);
}
