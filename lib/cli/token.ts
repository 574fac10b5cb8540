import { noPositionals, parseArgs, positiveInteger, roleFlag, stringFlag, subcommand, UsageError } from "./args";
import { formatDate, table, type CliCommand } from "./output";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/db/api-tokens";
import { cliActor } from "./actor";

export const tokenCommand: CliCommand = {
  usage: [
    ["token create --role <admin|marketer|operator|analyst> [--name N]", "new API token, printed alone on the last line"],
    ["token list", "all tokens (never their values)"],
    ["token revoke <id>", "revoke a token"],
  ],
  prepare(argv) {
    const [sub, rest] = subcommand("token", argv, ["create", "list", "revoke"] as const);
    if (sub === "create") {
      const args = parseArgs(rest, { role: "string", name: "string" });
      noPositionals(args);
      const role = roleFlag(args);
      const name = stringFlag(args, "name");
      return async ({ out }) => {
        const { token, record } = await createApiToken({ role, name }, cliActor());
        out(`Created API token #${record.id} "${record.name}" with role ${record.role}.`);
        out("Send it as `Authorization: Bearer <token>`. It is shown only now; store it safely:");
        out(token);
      };
    }
    if (sub === "list") {
      noPositionals(parseArgs(rest, {}));
      return async ({ out }) => {
        const tokens = await listApiTokens();
        if (tokens.length === 0) return out("No API tokens yet. Create one with `token create --role <role>`.");
        const rows = tokens.map((t) => [
          String(t.id),
          t.name,
          t.role,
          `${t.prefix}…`,
          formatDate(t.createdAt),
          formatDate(t.lastUsedAt),
          t.revokedAt ? `revoked ${formatDate(t.revokedAt)}` : "active",
        ]);
        for (const line of table(["ID", "NAME", "ROLE", "PREFIX", "CREATED", "LAST USED", "STATUS"], rows)) out(line);
      };
    }
    const args = parseArgs(rest, {});
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument "${args.positionals[1]}"`);
    const id = positiveInteger(args.positionals[0], "token id");
    return async ({ out }) => {
      const token = await revokeApiToken(id, cliActor());
      if (!token) throw new Error(`no API token with id ${id}`);
      out(`Revoked API token #${token.id} "${token.name}" (${token.prefix}…) at ${formatDate(token.revokedAt)}.`);
    };
  },
};
