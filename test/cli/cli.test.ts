import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freshDatabase, query } from "../helpers/database";
import { disconnect } from "@/lib/db/client";
import { findActiveToken } from "@/lib/db/api-tokens";
import { findSessionUser, findUserByEmail, verifyLogin as verifyLoginFrom } from "@/lib/db/users";
import { upsertAccount } from "@/lib/db/accounts";
import { runCli, type CliRun } from "../helpers/cli";

const url = await freshDatabase();
process.env.DATABASE_URL = url;
process.env.ENCRYPTION_KEY = "test-key";
const dataDir = mkdtempSync(path.join(tmpdir(), "qudao-cli-"));

after(async () => {
  await disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

const verifyLogin = (email: string, password: string) => verifyLoginFrom(email, password, "127.0.0.1");

/** The real CLI, as `npm run cli` runs it, against this file's database. */
const cli = (...args: string[]) =>
  runCli({ ...process.env, DATABASE_URL: url, ENCRYPTION_KEY: "test-key", DATA_DIR: dataDir, NEXTAUTH_SECRET: "x" }, ...args);

function assertNoStack(run: CliRun) {
  assert.doesNotMatch(run.stderr, /^\s+at /m, run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, /node:internal|\.ts:\d+/);
}

async function count(table: string): Promise<number> {
  const [row] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}

test("token create prints an active token with the right role alone on the last line", async () => {
  const run = await cli("token", "create", "--role", "operator", "--name", "ci bot");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.lastLine, /^qd_[A-Za-z0-9_-]{43}$/);
  assert.ok(run.stdout.trimEnd().split("\n").length > 1, "explanations come before the token");
  const token = await findActiveToken(run.lastLine);
  assert.equal(token?.role, "operator");
  assert.equal(token?.name, "ci bot");
});

test("token create with --role=analyst form works too", async () => {
  const run = await cli("token", "create", "--role=analyst");
  assert.equal(run.code, 0, run.stderr);
  assert.equal((await findActiveToken(run.lastLine))?.role, "analyst");
});

test("a bad role exits 2 with a one-line error and usage, and creates nothing", async () => {
  const before = await count("api_tokens");
  const run = await cli("token", "create", "--role", "superuser");
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr.split("\n")[0], /^error: unknown role "superuser"/);
  assert.match(run.stderr, /usage: npm run cli/);
  assertNoStack(run);
  assert.equal(await count("api_tokens"), before);
});

test("calling mistakes exit 2 without a stack trace", async () => {
  const mistakes: [string[], RegExp][] = [
    [[], /missing command/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["token"], /missing subcommand/],
    [["token", "mint"], /unknown subcommand "mint"/],
    [["token", "create"], /missing --role/],
    [["token", "create", "--role"], /--role needs a value/],
    [["token", "create", "--role", "admin", "--colour", "red"], /unknown option --colour/],
    [["token", "revoke"], /missing token id/],
    [["token", "revoke", "abc"], /token id must be a positive integer/],
    // issue 8, defect 9: ids are int4; a larger one must not reach PostgreSQL
    [["token", "revoke", "2147483648"], /token id must be a positive integer up to 2147483647/],
    [["stats", "rebuild", "--account", "2147483648"], /--account must be a positive integer up to 2147483647/],
    [["user", "create", "--role", "admin"], /missing --email/],
    [["user", "create", "--email", "a@example.com", "--role", "admin", "--password", "short"], /at least 10/],
    [["scan", "--openid", "o1"], /missing --code/],
    [["scan", "--code", "x1", "--openid", "o1"], /--code must be a positive integer/],
  ];
  const runs = await Promise.all(mistakes.map(([args]) => cli(...args)));
  runs.forEach((run, i) => {
    const [args, message] = mistakes[i];
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr.split("\n")[0], message, args.join(" "));
    assertNoStack(run);
  });
  assert.equal(await count("users"), 0);
});

test("help prints the usage to stdout and exits 0", async () => {
  const run = await cli("--help");
  assert.equal(run.code, 0);
  for (const command of [
    "token create",
    "token list",
    "token revoke",
    "user create",
    "user reset-password",
    "user list",
    "account list",
    "scan",
  ]) {
    assert.ok(run.stdout.includes(command), command);
  }
});

test("token list shows tokens without their values; token revoke deactivates one", async () => {
  const created = await cli("token", "create", "--role", "marketer", "--name", "to revoke");
  const token = created.lastLine;
  const record = await findActiveToken(token);
  assert.ok(record);

  const list = await cli("token", "list");
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /to revoke/);
  assert.ok(list.stdout.includes(record.prefix));
  assert.ok(!list.stdout.includes(token), "the token value is never listed");

  const revoke = await cli("token", "revoke", String(record.id));
  assert.equal(revoke.code, 0, revoke.stderr);
  assert.equal(await findActiveToken(token), null);
  assert.match((await cli("token", "list")).stdout, /revoked/);

  const missing = await cli("token", "revoke", "987654");
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim(), "error: no API token with id 987654");
});

test("user create with a generated password prints it last, and it logs in", async () => {
  const run = await cli("user", "create", "--email", "Ann@Example.com", "--role", "marketer", "--name", "Ann");
  assert.equal(run.code, 0, run.stderr);
  const password = run.lastLine;
  assert.ok(password.length >= 16, password);
  const user = await verifyLogin("ann@example.com", password);
  assert.equal(user?.role, "marketer");
  assert.equal(user?.name, "Ann");

  const duplicate = await cli("user", "create", "--email", "ann@example.com", "--role", "admin");
  assert.equal(duplicate.code, 1);
  assert.equal(duplicate.stderr.trim(), "error: a user with email ann@example.com already exists");
  assert.equal((await verifyLogin("ann@example.com", password))?.role, "marketer");
});

test("user create with --password uses it and does not echo it", async () => {
  const run = await cli("user", "create", "--email", "bob@example.com", "--role", "analyst", "--password", "bobs own password");
  assert.equal(run.code, 0, run.stderr);
  assert.ok(!run.stdout.includes("bobs own password"));
  assert.equal((await verifyLogin("bob@example.com", "bobs own password"))?.role, "analyst");
});

test("user reset-password sets a new password (given or generated) and the old one stops working", async () => {
  const { id } = (await findUserByEmail("bob@example.com"))!;
  const version = (await findSessionUser(id))!.sessionVersion;
  const given = await cli("user", "reset-password", "--email", "bob@example.com", "--password", "bobs newer password");
  assert.equal(given.code, 0, given.stderr);
  assert.equal(await verifyLogin("bob@example.com", "bobs own password"), null);
  assert.ok(await verifyLogin("bob@example.com", "bobs newer password"));
  assert.equal((await findSessionUser(id))!.sessionVersion, version + 1, "the user's sessions are ended");

  const generated = await cli("user", "reset-password", "--email", "bob@example.com");
  assert.equal(generated.code, 0, generated.stderr);
  assert.ok(await verifyLogin("bob@example.com", generated.lastLine));
  assert.equal(await verifyLogin("bob@example.com", "bobs newer password"), null);

  const unknown = await cli("user", "reset-password", "--email", "nobody@example.com");
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr.trim(), "error: no user with email nobody@example.com");
});

test("user list shows users and never a hash", async () => {
  const run = await cli("user", "list");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /ann@example\.com\s+Ann\s+marketer/);
  assert.match(run.stdout, /bob@example\.com/);
  assert.doesNotMatch(run.stdout, /scrypt/);
});

test("account list shows the webhook path and masked secrets only", async () => {
  await upsertAccount({
    appId: "wx1234567890abcdef",
    name: "Demo account",
    appSecret: "SeCrEtAppSecretValue0987zyxwvuts",
    token: "HookTokenQuokka",
    encodingAesKey: "AesKeyMarmotAesKeyMarmotAesKeyMarmotAesKeyM",
    mode: "safe",
    sandbox: true,
  });
  const run = await cli("account", "list");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /wx1234567890abcdef\s+Demo account\s+safe\s+yes\s+\/api\/wechat\/wx1234567890abcdef/);
  for (const secret of ["SeCrEtAppSecretValue0987zyxwvuts", "HookTokenQuokka", "AesKeyMarmotAesKeyMarmotAesKeyMarmotAesKeyM"]) {
    assert.ok(!run.stdout.includes(secret), "secret shown in full");
    assert.ok(!run.stdout.includes(secret.slice(0, -4)), "secret partly shown");
    assert.ok(run.stdout.includes(secret.length >= 32 ? `••••${secret.slice(-4)}` : "••••••••"), "masked form shown");
  }
});

test("a database that cannot be reached is one line on stderr and exit 1", async () => {
  const child = await new Promise<CliRun>((resolve) => {
    const proc = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "user", "list"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: "postgresql://nobody:x@127.0.0.1:1/none", ENCRYPTION_KEY: "k", DATA_DIR: dataDir },
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d) => (stdout += d));
    proc.stderr.on("data", (d) => (stderr += d));
    proc.on("close", (code) => resolve({ code, stdout, stderr, lastLine: "" }));
  });
  assert.equal(child.code, 1);
  assert.equal(child.stderr.trim().split("\n").length, 1, child.stderr);
  assert.match(child.stderr, /^error: /);
  assertNoStack(child);
});

test("stats rebuild counts events loaded straight into the event log", async () => {
  const account = await upsertAccount({ appId: "wx_cli_stats", name: "cli stats", appSecret: "s", token: "t" });
  await query(url, `INSERT INTO channels (account_id, name) VALUES ($1, '地铁')`, [account.id]);
  await query(
    url,
    `INSERT INTO qr_codes (account_id, channel_id, name, kind, scene_id, status) SELECT $1, id, 'A', 'permanent', 1, 'active' FROM channels WHERE account_id = $1`,
    [account.id],
  );
  // As a bulk load would: rows in events, nothing queued for the statistics.
  await query(
    url,
    `INSERT INTO events (account_id, qr_code_id, kind, openid, occurred_at)
     SELECT $1, q.id, k::"EventKind", o, '2026-03-02T10:00:00+08:00'
       FROM qr_codes q, (VALUES ('scan', 'o1'), ('scan', 'o1'), ('scan_subscribe', 'o2'), ('unfollow', 'o2')) AS v(k, o) WHERE q.account_id = $1`,
    [account.id],
  );
  const run = await cli("stats", "rebuild", "--account", String(account.id));
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.lastLine, new RegExp(`^account ${account.id}: statistics rebuilt in [0-9.]+ s$`));
  const rows = await query<{ scans: number; scanners: number; new_follows: number; unfollows: number }>(
    url,
    "SELECT scans, scanners, new_follows, unfollows FROM stats_days WHERE account_id = $1 AND slice = 'account'",
    [account.id],
  );
  assert.deepEqual(rows, [{ scans: 3, scanners: 2, new_follows: 1, unfollows: 1 }]);

  const wrong = await cli("stats", "rebuild", "--account", "abc");
  assert.equal(wrong.code, 2);
  assertNoStack(wrong);
});
