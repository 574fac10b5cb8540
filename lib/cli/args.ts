import { isRole, ROLES, type Role } from "@/lib/access/roles";
import { isRowId, ROW_ID } from "@/lib/validation/input";

/** A mistake in how the CLI was called: one line to stderr, the usage, exit code 2. */
export class UsageError extends Error {}

export type FlagSpec = Record<string, "string" | "boolean">;
export type ParsedArgs = { flags: Record<string, string | boolean | undefined>; positionals: string[] };

/** `--name value`, `--name=value` and boolean `--name`; anything not declared is an error. */
export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const flags: ParsedArgs["flags"] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (Object.hasOwn(flags, name)) throw new UsageError(`--${name} given twice`);
    if (kind === "boolean") {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else if (eq !== -1) {
      flags[name] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
      i++;
    }
  }
  return { flags, positionals };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = stringFlag(args, name);
  if (value === undefined || value.trim() === "") throw new UsageError(`missing --${name}`);
  return value;
}

export function roleFlag(args: ParsedArgs): Role {
  const role = requiredFlag(args, "role");
  if (!isRole(role)) throw new UsageError(`unknown role "${role}" (expected one of ${ROLES.join(", ")})`);
  return role;
}

/** An id given on the command line: one that a row can have (ROW_ID). */
export function positiveInteger(value: string | undefined, what: string): number {
  if (value === undefined) throw new UsageError(`missing ${what}`);
  if (!/^[1-9][0-9]*$/.test(value) || !isRowId(Number(value))) {
    throw new UsageError(`${what} must be a positive integer up to ${ROW_ID.max}, got "${value}"`);
  }
  return Number(value);
}

export function noPositionals(args: ParsedArgs): void {
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
}

/** Splits `<subcommand> ...rest`, refusing unknown subcommands. */
export function subcommand<T extends string>(command: string, argv: string[], known: readonly T[]): [T, string[]] {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError(`${command}: missing subcommand (${known.join(", ")})`);
  if (!(known as readonly string[]).includes(name)) {
    throw new UsageError(`${command}: unknown subcommand "${name}" (${known.join(", ")})`);
  }
  return [name as T, rest];
}
