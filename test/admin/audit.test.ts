import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { startApp, type RunningApp } from "../helpers/app";
import { query } from "../helpers/database";
import { runCli } from "../helpers/cli";

// The audit log (issue 8, point 5): every change to replies, codes, accounts, users and tokens made
// over HTTP (or the CLI) leaves one entry naming who, from where, and before → after, secrets never
// included; admins alone read it, filtered and paged. Against the production build.

let app: RunningApp;
const tokens: Record<string, { token: string; id: number; name: string }> = {};
let adminUser: { id: number; email: string };

// Values that must never reach the audit table, whatever the change.
const SECRETS = {
  appSecret: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
  token: "AuditToken2026",
  encodingAesKey: "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj",
  newAppSecret: "99887766554433221100ffeeddccbbaa",
  password: "a password nobody may read",
  newPassword: "another password nobody reads",
};
const apiTokenValues: string[] = [];

const CLIENT_UA = "audit-test/1.0";
const SPOOFED = "203.0.113.77";

before(async () => {
  app = await startApp();
  const { createApiToken } = await import("@/lib/db/api-tokens");
  const { createUser } = await import("@/lib/db/users");
  for (const role of ["admin", "marketer", "operator", "analyst"] as const) {
    const { token, record } = await createApiToken({ role, name: `${role} script` });
    tokens[role] = { token, id: record.id, name: record.name };
    apiTokenValues.push(token);
  }
  const user = await createUser({ email: "auditor@example.com", name: "Auditor", role: "admin", password: SECRETS.password });
  adminUser = { id: user.id, email: user.email };
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

type Caller = { token: string } | { userId: number };
const asToken = (role: string): Caller => ({ token: tokens[role].token });

async function call(caller: Caller, pathname: string, method = "GET", body?: unknown) {
  const auth: Record<string, string> =
    "token" in caller
      ? { authorization: `Bearer ${caller.token}` }
      : {
          cookie: `next-auth.session-token=${await encode({
            token: { sub: String(caller.userId), uid: caller.userId },
            secret: process.env.NEXTAUTH_SECRET!,
          })}`,
          origin: app.baseUrl, // the dashboard's own page (lib/api/same-origin.ts)
        };
  const res = await fetch(`${app.baseUrl}${pathname}`, {
    method,
    // A client claiming another address: the entry must carry the one the server saw.
    headers: { ...auth, "content-type": "application/json", "user-agent": CLIENT_UA, "x-forwarded-for": SPOOFED },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

type Entry = {
  id: number;
  actor_kind: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  target_label: string;
  before: any;
  after: any;
  address: string | null;
  user_agent: string | null;
};

const lastEntryId = async () =>
  (await query<{ id: number }>(app.databaseUrl, "SELECT coalesce(max(id), 0)::int AS id FROM audit_entries"))[0].id;
const entriesSince = (id: number) => query<Entry>(app.databaseUrl, "SELECT * FROM audit_entries WHERE id > $1 ORDER BY id", [id]);

/** Runs `change` and returns the one entry it wrote (failing when it wrote none or several). */
async function onlyEntryOf(change: () => Promise<{ status: number; body: any }>, status: number): Promise<Entry> {
  const mark = await lastEntryId();
  const res = await change();
  assert.equal(res.status, status, JSON.stringify(res.body));
  const entries = await entriesSince(mark);
  assert.equal(entries.length, 1, `one entry expected, got ${JSON.stringify(entries.map((e) => e.action))}`);
  return entries[0];
}

function assertFrom(entry: Entry, actor: { kind: string; id: number; name: string }) {
  assert.equal(entry.actor_kind, actor.kind);
  assert.equal(entry.actor_id, actor.id);
  assert.equal(entry.actor_name, actor.name);
  assert.equal(entry.address, "127.0.0.1", "the socket's address, not the X-Forwarded-For the client sent");
  assert.equal(entry.user_agent, CLIENT_UA);
}

const tokenActor = (role: string) => ({ kind: "token", id: tokens[role].id, name: tokens[role].name });
const userActor = () => ({ kind: "user", id: adminUser.id, name: "Auditor" });

let codeId = 0;
let accountId = 0;

test("codes: creating one and renewing it are recorded with the token that did it", async () => {
  const created = await onlyEntryOf(
    () =>
      call(asToken("marketer"), "/api/qrcodes", "POST", {
        name: "Poster A",
        channel: "metro",
        campaign: "spring",
        kind: "temporary",
        sceneStr: "audit_poster_a",
        expireSeconds: 600,
      }),
    201,
  );
  codeId = Number(created.target_id);
  assertFrom(created, tokenActor("marketer"));
  assert.equal(created.action, "code.create");
  assert.deepEqual([created.target_type, created.target_label], ["code", "Poster A"]);
  assert.equal(created.before, null);
  assert.equal(created.after.name, "Poster A");
  assert.equal(created.after.channel, "metro");
  assert.equal(created.after.sceneStr, "audit_poster_a");

  await query(app.databaseUrl, "UPDATE qr_codes SET expires_at = now() - interval '1 hour' WHERE id = $1", [codeId]);
  const renewed = await onlyEntryOf(() => call(asToken("marketer"), `/api/qrcodes/${codeId}/renew`, "POST", {}), 200);
  assertFrom(renewed, tokenActor("marketer"));
  assert.equal(renewed.action, "code.renew");
  assert.equal(renewed.target_id, String(codeId));
  assert.ok(Date.parse(renewed.after.expiresAt) > Date.now(), JSON.stringify(renewed.after));
  assert.ok(Date.parse(renewed.before.expiresAt) < Date.now(), JSON.stringify(renewed.before));
});

test("replies: a code's reply set and removed, an account's fallbacks set, by a signed-in user", async () => {
  assert.ok(codeId, "runs after the codes test");
  const set = await onlyEntryOf(
    () => call({ userId: adminUser.id }, `/api/qrcodes/${codeId}/reply`, "PUT", { type: "text", content: "欢迎扫码" }),
    200,
  );
  assertFrom(set, userActor());
  assert.equal(set.action, "reply.update");
  assert.deepEqual([set.target_type, set.target_id, set.target_label], ["code", String(codeId), "Poster A"]);
  assert.deepEqual(set.before, { reply: null });
  assert.deepEqual(set.after, { reply: { type: "text", content: "欢迎扫码" } });

  const edited = await onlyEntryOf(
    () => call(asToken("operator"), `/api/qrcodes/${codeId}/reply`, "PUT", { type: "text", content: "新的回复" }),
    200,
  );
  assertFrom(edited, tokenActor("operator"));
  assert.deepEqual(edited.before, { reply: { type: "text", content: "欢迎扫码" } });
  assert.deepEqual(edited.after, { reply: { type: "text", content: "新的回复" } });

  const removed = await onlyEntryOf(() => call(asToken("operator"), `/api/qrcodes/${codeId}/reply`, "DELETE"), 200);
  assert.equal(removed.action, "reply.remove");
  assert.deepEqual(removed.after, { reply: null });

  const [sandbox] = await query<{ id: number; name: string }>(app.databaseUrl, "SELECT id, name FROM accounts WHERE sandbox");
  const fallbacks = await onlyEntryOf(
    () =>
      call(asToken("operator"), `/api/accounts/${sandbox.id}/replies`, "PUT", {
        follow: { type: "text", content: "感谢关注" },
        scan: { type: "news", title: "活动", url: "https://example.com/a" },
      }),
    200,
  );
  assert.equal(fallbacks.action, "reply.update");
  assert.deepEqual(
    [fallbacks.target_type, fallbacks.target_id, fallbacks.target_label],
    ["account", String(sandbox.id), sandbox.name],
  );
  assert.deepEqual(fallbacks.before, { follow: null, scan: null });
  assert.deepEqual(fallbacks.after.follow, { type: "text", content: "感谢关注" });
  assert.equal(fallbacks.after.scan.title, "活动");
});

test("accounts: created and edited with secrets recorded only as set or changed; an edit that changes nothing records nothing", async () => {
  const created = await onlyEntryOf(
    () =>
      call(asToken("admin"), "/api/accounts", "POST", {
        appId: "wx00aa11bb22cc33dd",
        name: "Audit OA",
        appSecret: SECRETS.appSecret,
        token: SECRETS.token,
        encodingAesKey: SECRETS.encodingAesKey,
        mode: "safe",
      }),
    201,
  );
  accountId = Number(created.target_id);
  assertFrom(created, tokenActor("admin"));
  assert.equal(created.action, "account.create");
  assert.equal(created.after.appId, "wx00aa11bb22cc33dd");
  assert.deepEqual(created.after.appSecret, { secret: "set" });
  assert.deepEqual(created.after.token, { secret: "set" });
  assert.deepEqual(created.after.encodingAesKey, { secret: "set" });

  const edited = await onlyEntryOf(
    () =>
      call({ userId: adminUser.id }, `/api/accounts/${accountId}`, "PATCH", {
        name: "Audit OA (renamed)",
        appSecret: SECRETS.newAppSecret,
      }),
    200,
  );
  assertFrom(edited, userActor());
  assert.equal(edited.action, "account.update");
  assert.equal(edited.target_label, "Audit OA (renamed)");
  assert.deepEqual([edited.before.name, edited.after.name], ["Audit OA", "Audit OA (renamed)"]);
  assert.deepEqual([edited.before.appSecret, edited.after.appSecret], [{ secret: "set" }, { secret: "changed" }]);
  assert.deepEqual([edited.before.token, edited.after.token], [{ secret: "set" }, { secret: "set" }]);

  const mark = await lastEntryId();
  const same = await call(asToken("admin"), `/api/accounts/${accountId}`, "PATCH", { name: "Audit OA (renamed)" });
  assert.equal(same.status, 200);
  assert.deepEqual(await entriesSince(mark), []);
});

test("users: created, renamed, role changed, password reset and deleted, each one entry", async () => {
  const created = await onlyEntryOf(
    () =>
      call(asToken("admin"), "/api/users", "POST", {
        email: "temp@example.com",
        name: "Temp",
        role: "analyst",
        password: SECRETS.password,
      }),
    201,
  );
  const userId = Number(created.target_id);
  assertFrom(created, tokenActor("admin"));
  assert.equal(created.action, "user.create");
  assert.equal(created.target_label, "temp@example.com");
  const { lockedOut, ...shown } = created.after;
  assert.deepEqual([shown, lockedOut], [{ email: "temp@example.com", name: "Temp", role: "analyst" }, ""]);

  const renamed = await onlyEntryOf(
    () => call({ userId: adminUser.id }, `/api/users/${userId}`, "PATCH", { name: "Tempo" }),
    200,
  );
  assertFrom(renamed, userActor());
  assert.equal(renamed.action, "user.update");
  assert.deepEqual([renamed.before.name, renamed.after.name], ["Temp", "Tempo"]);

  const promoted = await onlyEntryOf(() => call(asToken("admin"), `/api/users/${userId}`, "PATCH", { role: "marketer" }), 200);
  assert.equal(promoted.action, "user.role");
  assert.deepEqual([promoted.before.role, promoted.after.role], ["analyst", "marketer"]);

  const reset = await onlyEntryOf(
    () => call(asToken("admin"), `/api/users/${userId}/password`, "POST", { password: SECRETS.newPassword }),
    200,
  );
  assert.equal(reset.action, "user.password");
  assert.deepEqual([reset.before.password, reset.after.password], [{ secret: "set" }, { secret: "changed" }]);

  const deleted = await onlyEntryOf(() => call(asToken("admin"), `/api/users/${userId}`, "DELETE"), 200);
  assert.equal(deleted.action, "user.delete");
  assert.equal(deleted.target_label, "temp@example.com");
  assert.equal(deleted.before.role, "marketer");
  assert.equal(deleted.after, null);
});

test("tokens: created and revoked are recorded, the token's value never; a second revocation records nothing", async () => {
  const mark = await lastEntryId();
  const created = await call(asToken("admin"), "/api/tokens", "POST", { name: "ci deploy", role: "operator" });
  assert.equal(created.status, 201);
  apiTokenValues.push(created.body.token);
  const [entry] = await entriesSince(mark);
  assertFrom(entry, tokenActor("admin"));
  assert.equal(entry.action, "token.create");
  assert.deepEqual(
    [entry.target_type, entry.target_id, entry.target_label],
    ["token", String(created.body.record.id), "ci deploy"],
  );
  const { prefix, ...shown } = entry.after;
  assert.deepEqual(shown, { name: "ci deploy", role: "operator", revokedAt: null });
  assert.equal(prefix, created.body.record.prefix);

  const revoked = await onlyEntryOf(() => call(asToken("admin"), `/api/tokens/${created.body.record.id}`, "DELETE"), 200);
  assert.equal(revoked.action, "token.revoke");
  assert.equal(revoked.before.revokedAt, null);
  assert.ok(revoked.after.revokedAt);

  const again = await lastEntryId();
  assert.equal((await call(asToken("admin"), `/api/tokens/${created.body.record.id}`, "DELETE")).status, 200);
  assert.deepEqual(await entriesSince(again), []);
});

test("a refused change writes no entry", async () => {
  assert.ok(codeId && accountId, "runs after the tests that create a code and an account");
  const mark = await lastEntryId();
  const refused: [Caller, string, string, unknown, number][] = [
    [asToken("marketer"), "/api/qrcodes", "POST", { name: "", channel: "metro", kind: "temporary" }, 400],
    [asToken("operator"), `/api/qrcodes/${codeId}/reply`, "PUT", { type: "text", content: "" }, 400],
    [asToken("operator"), `/api/qrcodes/${codeId}/reply`, "PUT", { type: "voice" }, 400],
    [asToken("operator"), "/api/qrcodes/999999/reply", "PUT", { type: "text", content: "x" }, 404],
    [asToken("admin"), `/api/accounts/${accountId}`, "PATCH", { token: "ab" }, 400],
    [asToken("admin"), "/api/accounts", "POST", { appId: "wx123", name: "x" }, 400],
    [asToken("admin"), "/api/users", "POST", { email: "nope", role: "admin", password: SECRETS.password }, 400],
    [asToken("admin"), `/api/users/${adminUser.id}/password`, "POST", { password: "short" }, 400],
    [asToken("admin"), "/api/tokens", "POST", { name: "", role: "admin" }, 400],
    [asToken("analyst"), `/api/qrcodes/${codeId}/reply`, "DELETE", undefined, 403],
    [asToken("marketer"), "/api/users", "POST", { email: "m@example.com", role: "admin", password: SECRETS.password }, 403],
  ];
  for (const [caller, pathname, method, body, status] of refused) {
    const res = await call(caller, pathname, method, body);
    assert.equal(res.status, status, `${method} ${pathname} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
  }
  assert.deepEqual(await entriesSince(mark), []);
});

test("the CLI's changes are recorded as the CLI", async () => {
  const mark = await lastEntryId();
  const run = await cli(
    "user",
    "create",
    "--email",
    "cli-made@example.com",
    "--role",
    "operator",
    "--password",
    SECRETS.password,
  );
  assert.equal(run.code, 0, run.stderr);
  const token = await cli("token", "create", "--role", "analyst", "--name", "cli token");
  assert.equal(token.code, 0, token.stderr);
  apiTokenValues.push(token.lastLine);
  const entries = await entriesSince(mark);
  assert.deepEqual(
    entries.map((e) => [e.action, e.actor_kind, e.actor_id, e.address, e.target_label]),
    [
      ["user.create", "cli", null, null, "cli-made@example.com"],
      ["token.create", "cli", null, null, "cli token"],
    ],
  );
  assert.ok(entries[0].actor_name.length > 0);
});

test("no secret ever reaches the audit table", async () => {
  const rows = await query<{ row: string }>(app.databaseUrl, "SELECT row_to_json(a)::text AS row FROM audit_entries a");
  assert.ok(rows.length > 10, `the tests above wrote entries (${rows.length})`);
  const table = rows.map((r) => r.row).join("\n");
  const hashes = await query<{ h: string }>(
    app.databaseUrl,
    "SELECT password_hash AS h FROM users UNION ALL SELECT token_hash FROM api_tokens UNION ALL SELECT app_secret_enc FROM accounts",
  );
  for (const secret of [...Object.values(SECRETS), ...apiTokenValues, ...hashes.map((r) => r.h)])
    assert.ok(!table.includes(secret), `the audit table holds a secret: ${secret.slice(0, 6)}…`);
});

test("only admins read the log: 401 without credentials, 403 for every other role", async () => {
  assert.equal((await fetch(`${app.baseUrl}/api/audit`)).status, 401);
  for (const role of ["marketer", "operator", "analyst"]) {
    const res = await call(asToken(role), "/api/audit");
    assert.equal(res.status, 403, role);
    assert.equal(res.body.error.code, "forbidden");
  }
  assert.equal((await call(asToken("admin"), "/api/audit")).status, 200);
  assert.equal((await call({ userId: adminUser.id }, "/api/audit")).status, 200);
});

test("GET /api/audit filters by actor, action, target and time, and pages by cursor", async () => {
  assert.ok(codeId, "runs after the codes test");
  const admin = asToken("admin");
  const all = await call(admin, "/api/audit?limit=200");
  assert.equal(all.status, 200);
  const ids = all.body.items.map((e: any) => e.id);
  assert.deepEqual(
    ids,
    [...ids].sort((a: number, b: number) => b - a),
    "newest first",
  );
  const newest = all.body.items[0];
  assert.deepEqual(Object.keys(newest).sort(), [
    "action",
    "actor",
    "address",
    "after",
    "at",
    "before",
    "id",
    "target",
    "userAgent",
  ]);

  const ofCode = await call(admin, `/api/audit?targetType=code&targetId=${codeId}`);
  assert.deepEqual(
    ofCode.body.items.map((e: any) => e.action),
    ["reply.remove", "reply.update", "reply.update", "code.renew", "code.create"],
  );
  const replies = await call(admin, "/api/audit?action=reply");
  assert.ok(replies.body.items.length >= 4);
  assert.ok(replies.body.items.every((e: any) => e.action.startsWith("reply.")));
  const removals = await call(admin, "/api/audit?action=reply.remove");
  assert.deepEqual(
    removals.body.items.map((e: any) => e.target.id),
    [String(codeId)],
  );
  const byMarketer = await call(admin, `/api/audit?actor=token:${tokens.marketer.id}`);
  assert.deepEqual(
    byMarketer.body.items.map((e: any) => e.action),
    ["code.renew", "code.create"],
  );
  const byUser = await call(admin, `/api/audit?actor=user:${adminUser.id}`);
  assert.ok(byUser.body.items.length >= 3 && byUser.body.items.every((e: any) => e.actor.name === "Auditor"));
  const byCli = await call(admin, "/api/audit?actor=cli");
  assert.equal(byCli.body.items.length, 2);

  const future = await call(admin, `/api/audit?from=${new Date(Date.now() + 3_600_000).toISOString()}`);
  assert.deepEqual(future.body, { items: [], nextCursor: null });
  const past = await call(admin, `/api/audit?to=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`);
  assert.deepEqual(past.body.items, []);
  const today = await call(admin, `/api/audit?from=${new Date(Date.now() - 3_600_000).toISOString()}&limit=200`);
  assert.equal(today.body.items.length, all.body.items.length);

  // Pages of 3 walk the whole log once, in order, and end with a null cursor.
  const walked: number[] = [];
  let cursor: number | null = null;
  for (let page = 0; page < 100; page++) {
    const res: { body: { items: { id: number }[]; nextCursor: number | null } } = await call(
      admin,
      `/api/audit?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
    );
    assert.ok(res.body.items.length <= 3);
    walked.push(...res.body.items.map((e) => e.id));
    cursor = res.body.nextCursor;
    if (cursor === null) break;
  }
  assert.deepEqual(walked, ids);

  for (const bad of [
    "actor=root",
    "action=code.explode",
    "targetType=scene",
    "targetId=abc",
    "from=yesterday",
    "limit=0",
    "limit=201",
    "cursor=-1",
    "colour=red",
    `from=2026-12-02&to=2026-12-01`,
  ]) {
    const res = await call(admin, `/api/audit?${bad}`);
    assert.equal(res.status, 400, `${bad} → ${res.status}`);
    assert.equal(res.body.error.code, "invalid_input");
  }
});

/** The real CLI, as `npm run cli` runs it, against the app's database. */
const cli = (...args: string[]) =>
  runCli({ ...app.env, DATA_DIR: mkdtempSync(path.join(tmpdir(), "qudao-audit-cli-")) }, ...args);
