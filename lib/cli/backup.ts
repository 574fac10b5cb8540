import path from "node:path";
import { noPositionals, parseArgs, requiredFlag, stringFlag } from "./args";
import type { CliCommand } from "./output";
import { config } from "@/lib/config";
import { backupDatabase, otherSessions, restoreDatabase } from "@/lib/runtime/backup";

const total = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);

/** qudao-20261201T203000Z.backup in the current directory. */
function defaultFile(): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return path.resolve(`qudao-${stamp}.backup`);
}

export const backupCommand: CliCommand = {
  usage: [["backup [--file <path>]", "write the database to a backup file (default ./qudao-<time>.backup)"]],
  prepare(argv) {
    const args = parseArgs(argv, { file: "string" });
    noPositionals(args);
    const file = path.resolve(stringFlag(args, "file") ?? defaultFile());
    return async (output) => {
      const rows = await backupDatabase(config().databaseUrl!, file);
      output.err(`${total(rows)} rows in ${Object.keys(rows).length} tables`);
      output.err("secrets inside stay encrypted: keep DATA_DIR/secrets.json (or ENCRYPTION_KEY) too, kept apart from the file");
      output.out(file);
    };
  },
};

export const restoreCommand: CliCommand = {
  usage: [["restore --file <path> [--force]", "replace the database with a backup (stop the app first)"]],
  prepare(argv) {
    const args = parseArgs(argv, { file: "string", force: "boolean" });
    noPositionals(args);
    const file = path.resolve(requiredFlag(args, "file"));
    const force = args.flags.force === true;
    return async (output) => {
      const url = config().databaseUrl!;
      const others = await otherSessions(url);
      if (others > 0 && !force)
        throw new Error(
          `${others} other connection(s) to this database: stop the app (every instance) first, or pass --force to restore anyway`,
        );
      const { rows, migrated } = await restoreDatabase(url, file);
      output.err(`restored ${total(rows)} rows in ${Object.keys(rows).length} tables from ${file}`);
      if (migrated.length) output.err(`then applied newer migrations: ${migrated.join(", ")}`);
      output.out("restored");
    };
  },
};
