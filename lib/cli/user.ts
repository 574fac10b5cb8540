import { noPositionals, parseArgs, requiredFlag, roleFlag, stringFlag, subcommand, UsageError } from "./args";
import { formatDate, table, type CliCommand } from "./output";
import { checkPasswordPolicy } from "@/lib/access/passwords";
import { generatePassword } from "@/lib/access/generate-password";
import { createUser, listUsers, resetPassword } from "@/lib/db/users";
import { cliActor } from "./actor";

/** A password given on the command line is checked before connecting; a missing one is generated. */
function passwordFlag(value: string | undefined): { password: string; generated: boolean } {
  if (value === undefined) return { password: generatePassword(), generated: true };
  try {
    checkPasswordPolicy(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { password: value, generated: false };
}

export const userCommand: CliCommand = {
  usage: [
    [
      "user create --email E --role R [--name N] [--password P]",
      "new dashboard user (password generated and printed when omitted)",
    ],
    ["user reset-password --email E [--password P]", "new password, lifts lock-outs, ends sessions (generated when omitted)"],
    ["user list", "all users"],
  ],
  prepare(argv) {
    const [sub, rest] = subcommand("user", argv, ["create", "reset-password", "list"] as const);
    if (sub === "create") {
      const args = parseArgs(rest, { email: "string", role: "string", name: "string", password: "string" });
      noPositionals(args);
      const email = requiredFlag(args, "email");
      const role = roleFlag(args);
      const name = stringFlag(args, "name");
      const { password, generated } = passwordFlag(stringFlag(args, "password"));
      return async ({ out }) => {
        const user = await createUser({ email, name, role, password }, cliActor());
        out(`Created user #${user.id} ${user.email} with role ${user.role}.`);
        if (generated) {
          out("Generated password (shown only now):");
          out(password);
        }
      };
    }
    if (sub === "reset-password") {
      const args = parseArgs(rest, { email: "string", password: "string" });
      noPositionals(args);
      const email = requiredFlag(args, "email");
      const { password, generated } = passwordFlag(stringFlag(args, "password"));
      return async ({ out }) => {
        const user = await resetPassword(email, password, cliActor());
        out(`Password of ${user.email} reset; any lock-out is lifted and every session of the user is ended.`);
        if (generated) {
          out("Generated password (shown only now):");
          out(password);
        }
      };
    }
    noPositionals(parseArgs(rest, {}));
    return async ({ out }) => {
      const users = await listUsers();
      if (users.length === 0) return out("No users yet. Create one with `user create --email E --role admin`.");
      const rows = users.map((u) => [
        String(u.id),
        u.email,
        u.name,
        u.role,
        formatDate(u.createdAt),
        u.lockouts.map((l) => `${l.address} locked until ${formatDate(l.lockedUntil)}`).join("; ") || "active",
      ]);
      for (const line of table(["ID", "EMAIL", "NAME", "ROLE", "CREATED", "STATUS"], rows)) out(line);
    };
  },
};
