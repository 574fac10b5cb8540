import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { encode } from "next-auth/jwt";
import { startApp, type RunningApp } from "../helpers/app";
import { api, LOOPBACK_PEERS_ENV } from "../helpers/wechat-peer";
import { query } from "../helpers/database";

// The admin API: official accounts (secrets write-only), users, API tokens, and the role wall
// around all of it. Runs against the production build with its own database.

let app: RunningApp;
const tokens: Record<string, string> = {};
let sandbox = { id: 0, appId: "" };

const SECRETS = {
  appSecret: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
  token: "WeChatToken2026xyz",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
};

before(async () => {
  // Loopback allowed, so that an origin on this host is tried (and found closed) rather than refused.
  app = await startApp({ ...LOOPBACK_PEERS_ENV });
  const { createApiToken } = await import("@/lib/db/api-tokens");
  for (const role of ["admin", "marketer", "operator", "analyst"] as const)
    tokens[role] = (await createApiToken({ role, name: `${role} test` })).token;
  const [row] = await query<{ id: number; app_id: string }>(app.databaseUrl, "SELECT id, app_id FROM accounts WHERE sandbox");
  sandbox = { id: row.id, appId: row.app_id };
});

after(async () => {
  await app?.stop();
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});

const call = (path: string, method = "GET", body?: unknown, token = tokens.admin) =>
  api(app.baseUrl, token, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** A session cookie for a user, as next-auth would set it after signing in now (with the user's session version). */
async function sessionCookie(userId: number): Promise<string> {
  const { findSessionUser } = await import("@/lib/db/users");
  const sv = (await findSessionUser(userId))?.sessionVersion;
  const jwt = await encode({ token: { sub: String(userId), uid: userId, sv }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${jwt}`;
}

async function asUser(userId: number, path: string, method = "GET", body?: unknown) {
  const res = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { cookie: await sessionCookie(userId), origin: app.baseUrl, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const accountRow = async (id: number) => (await query(app.databaseUrl, "SELECT * FROM accounts WHERE id = $1", [id]))[0];

function assertNoSecrets(json: unknown, secrets: string[]) {
  const text = JSON.stringify(json);
  for (const secret of secrets) assert.ok(!text.includes(secret), `the answer contains a secret: ${secret}`);
}

let created: { id: number; appId: string };

test("accounts: created with secrets that never come back; an edit with empty secret fields keeps them", async () => {
  const { findAccountById } = await import("@/lib/db/accounts");
  const body = {
    appId: "wx0123456789abcdef",
    name: "Metro OA",
    originalId: "gh_0123456789ab",
    ...SECRETS,
    mode: "safe",
    timeZone: "Asia/Shanghai",
  };
  const res = await call("/api/accounts", "POST", body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  created = { id: res.body.id, appId: res.body.appId };
  assert.equal(res.body.mode, "safe");
  // A Token is short: not one of its characters is shown. A 32-character AppSecret shows its last 4.
  assert.equal(res.body.tokenMasked, "••••••••");
  assert.equal(res.body.appSecretMasked, `••••${SECRETS.appSecret.slice(-4)}`);
  assertNoSecrets(res.body, Object.values(SECRETS));

  for (const path of ["/api/accounts", `/api/accounts/${created.id}`]) {
    const got = await call(path);
    assert.equal(got.status, 200);
    assertNoSecrets(got.body, Object.values(SECRETS));
  }
  const sandboxRecord = (await findAccountById(sandbox.id))!;
  const list = await call("/api/accounts");
  assertNoSecrets(list.body, [sandboxRecord.appSecret, sandboxRecord.token, sandboxRecord.encodingAesKey!]);
  assert.deepEqual(list.body.items.map((a: any) => a.appId).sort(), [sandbox.appId, created.appId].sort());

  const edit = await call(`/api/accounts/${created.id}`, "PATCH", {
    name: "Metro OA (Shanghai)",
    originalId: "gh_0123456789ab",
    appSecret: "",
    token: "",
    encodingAesKey: "",
    mode: "compatible",
    apiBase: "",
    timeZone: "Asia/Hong_Kong",
  });
  assert.equal(edit.status, 200, JSON.stringify(edit.body));
  assertNoSecrets(edit.body, Object.values(SECRETS));
  let stored = (await findAccountById(created.id))!;
  assert.equal(stored.name, "Metro OA (Shanghai)");
  assert.equal(stored.mode, "compatible");
  assert.equal(stored.timeZone, "Asia/Hong_Kong");
  assert.equal(stored.appSecret, SECRETS.appSecret);
  assert.equal(stored.token, SECRETS.token);
  assert.equal(stored.encodingAesKey, SECRETS.encodingAesKey);

  // A new Token alone changes only the Token.
  const retoken = await call(`/api/accounts/${created.id}`, "PATCH", { token: "NewToken42" });
  assert.equal(retoken.status, 200);
  stored = (await findAccountById(created.id))!;
  assert.equal(stored.token, "NewToken42");
  assert.equal(stored.appSecret, SECRETS.appSecret);
  assert.equal(stored.encodingAesKey, SECRETS.encodingAesKey);
  assert.equal(stored.name, "Metro OA (Shanghai)");

  const again = await call("/api/accounts", "POST", body);
  assert.equal(again.status, 409);
  assert.equal(again.body.error.field, "appId");
});

test("accounts: invalid input is a 400 naming the field, and nothing changes", async () => {
  assert.ok(created, "runs after the create test");
  const beforeRow = await accountRow(created.id);
  const [{ n: accountsBefore }] = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM accounts");

  const badEdits: [unknown, string][] = [
    [{ encodingAesKey: "tooShort" }, "encodingAesKey"],
    [{ encodingAesKey: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP!" }, "encodingAesKey"],
    [{ encodingAesKey: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR" }, "encodingAesKey"],
    [{ token: "ab" }, "token"],
    [{ token: "x".repeat(33) }, "token"],
    [{ token: "with space" }, "token"],
    [{ mode: "secret" }, "mode"],
    [{ timeZone: "Mars/Olympus_Mons" }, "timeZone"],
    [{ apiBase: "ftp://api.weixin.qq.com" }, "apiBase"],
    [{ name: "  " }, "name"],
    [{ originalId: "0123" }, "originalId"],
    [{ appSecret: "short" }, "appSecret"],
  ];
  for (const [body, field] of badEdits) {
    const res = await call(`/api/accounts/${created.id}`, "PATCH", body);
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status}`);
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    assert.match(res.body.error.message, new RegExp(field));
  }
  // The AppID is the webhook address: not editable.
  assert.equal((await call(`/api/accounts/${created.id}`, "PATCH", { appId: "wx1111111111111111" })).status, 400);
  assert.deepEqual(await accountRow(created.id), beforeRow);

  const base = { appId: "wxfedcba9876543210", name: "Second", ...SECRETS, mode: "safe" };
  const badCreates: [unknown, string][] = [
    [{ ...base, encodingAesKey: "not-43-characters" }, "encodingAesKey"],
    [{ ...base, encodingAesKey: undefined }, "encodingAesKey"],
    [{ ...base, mode: "compatible", encodingAesKey: "" }, "encodingAesKey"],
    [{ ...base, appId: "wx123" }, "appId"],
    [{ ...base, appId: "WX0123456789ABCDEF" }, "appId"],
    [{ ...base, token: "t" }, "token"],
    [{ ...base, timeZone: "Shanghai" }, "timeZone"],
  ];
  for (const [body, field] of badCreates) {
    const res = await call("/api/accounts", "POST", body);
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status}`);
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
  }
  const malformed = await api(app.baseUrl, tokens.admin, "/api/accounts", { method: "POST", body: "{not json" });
  assert.equal(malformed.status, 400);
  const [{ n: accountsAfter }] = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM accounts");
  assert.equal(accountsAfter, accountsBefore);

  // Plain mode needs no key; switching a keyless account to safe mode does.
  const plain = await call("/api/accounts", "POST", { ...base, mode: "plain", encodingAesKey: "" });
  assert.equal(plain.status, 201, JSON.stringify(plain.body));
  assert.equal(plain.body.encodingAesKeyMasked, null);
  const toSafe = await call(`/api/accounts/${plain.body.id}`, "PATCH", { mode: "safe" });
  assert.equal(toSafe.status, 400);
  assert.equal(toSafe.body.error.field, "encodingAesKey");
  const toSafeWithKey = await call(`/api/accounts/${plain.body.id}`, "PATCH", {
    mode: "safe",
    encodingAesKey: SECRETS.encodingAesKey,
  });
  assert.equal(toSafeWithKey.status, 200);
  assert.equal((await call(`/api/accounts/99999`, "PATCH", { name: "x" })).status, 404);
});

test("check connection: OK against the sandbox, WeChat's refusals in plain words", async () => {
  const { injectFault } = await import("@/lib/sandbox/faults");
  const ok = await call(`/api/accounts/${sandbox.id}/check`, "POST");
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.ok, true);
  assert.equal(ok.body.appId, sandbox.appId);

  // A cached token would answer without asking WeChat: drop it so the check reaches the sandbox.
  await query(app.databaseUrl, "DELETE FROM access_tokens WHERE account_id = $1", [sandbox.id]);
  await injectFault(sandbox.appId, "stable_token", 40164, "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 1", 1);
  const refused = await call(`/api/accounts/${sandbox.id}/check`, "POST");
  assert.equal(refused.status, 200);
  assert.equal(refused.body.ok, false);
  assert.equal(refused.body.problem, "ip_not_whitelisted");
  assert.equal(refused.body.ip, "1.2.3.4");
  assert.equal(refused.body.errcode, 40164);
  assert.match(refused.body.message, /1\.2\.3\.4/);
  assert.match(refused.body.message, /whitelist/i);

  await query(app.databaseUrl, "DELETE FROM access_tokens WHERE account_id = $1", [sandbox.id]);
  await injectFault(sandbox.appId, "stable_token", 40125, "invalid appsecret", 1);
  const wrongSecret = await call(`/api/accounts/${sandbox.id}/check`, "POST");
  assert.equal(wrongSecret.body.ok, false);
  assert.equal(wrongSecret.body.problem, "credentials");
  assert.match(wrongSecret.body.message, /AppID\/AppSecret wrong/);

  // The fault was used up: the next check is fine again.
  const recovered = await call(`/api/accounts/${sandbox.id}/check`, "POST");
  assert.equal(recovered.body.ok, true, JSON.stringify(recovered.body));

  // Pointing an account at an origin nobody serves drops its cached token, so the check shows it.
  // (The sandbox answers only sandbox accounts: the account is one while it has no origin of its own.)
  assert.ok(created);
  await call(`/api/accounts/${created.id}`, "PATCH", { sandbox: true });
  assert.equal((await call(`/api/accounts/${created.id}/check`, "POST")).body.ok, true);
  await call(`/api/accounts/${created.id}`, "PATCH", { sandbox: false, apiBase: "http://127.0.0.1:9" });
  const unreachable = await call(`/api/accounts/${created.id}/check`, "POST");
  assert.equal(unreachable.body.ok, false);
  assert.equal(unreachable.body.problem, "network");
  assert.match(unreachable.body.message, /127\.0\.0\.1:9/);
  await call(`/api/accounts/${created.id}`, "PATCH", { sandbox: true, apiBase: "" });
  assert.equal((await call(`/api/accounts/${created.id}/check`, "POST")).body.ok, true);

  assert.equal((await call(`/api/accounts/99999/check`, "POST")).status, 404);
});

test("users: create, change role, reset password, unlock, delete", async () => {
  const users = await import("@/lib/db/users");
  const verifyLogin = (email: string, password: string) => users.verifyLogin(email, password, "127.0.0.1");
  const created = await call("/api/users", "POST", {
    email: " Mia@Example.com ",
    name: "Mia",
    role: "marketer",
    password: "first-password-1",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.email, "mia@example.com");
  assert.equal(created.body.role, "marketer");
  assert.ok(!JSON.stringify(created.body).includes("scrypt"), "never the password hash");
  const id = created.body.id;

  const invalid: [unknown, string, number][] = [
    [{ email: "mia@example.com", role: "marketer", password: "another-password" }, "email", 409],
    [{ email: "not-an-email", role: "marketer", password: "another-password" }, "email", 400],
    [{ email: "x@example.com", role: "marketer", password: "123456789" }, "password", 400],
    [{ email: "x@example.com", role: "boss", password: "another-password" }, "role", 400],
  ];
  for (const [body, field, status] of invalid) {
    const res = await call("/api/users", "POST", body);
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.field, field);
  }

  const list = await call("/api/users");
  assert.equal(list.status, 200);
  assert.ok(list.body.items.some((u: any) => u.email === "mia@example.com"));
  assert.ok(!JSON.stringify(list.body).includes("scrypt"));

  const promoted = await call(`/api/users/${id}`, "PATCH", { role: "analyst", name: "Mia Chen" });
  assert.equal(promoted.status, 200);
  assert.equal(promoted.body.role, "analyst");
  assert.equal(promoted.body.name, "Mia Chen");
  assert.equal((await call(`/api/users/${id}`, "PATCH", { role: "owner" })).body.error.field, "role");
  assert.equal((await call(`/api/users/${id}`, "PATCH", {})).status, 400);

  const weak = await call(`/api/users/${id}/password`, "POST", { password: "short" });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error.field, "password");
  assert.ok(await verifyLogin("mia@example.com", "first-password-1"), "a refused reset leaves the old password");

  const lock = (address: string) =>
    query(
      app.databaseUrl,
      "INSERT INTO sign_in_locks (user_id, address, failures, last_failure_at, locked_until) VALUES ($1, $2, 5, now(), now() + interval '10 minutes')",
      [id, address],
    );
  await lock("203.0.113.7");
  const reset = await call(`/api/users/${id}/password`, "POST", { password: "second-password-2" });
  assert.equal(reset.status, 200);
  assert.deepEqual(reset.body.lockouts, [], "a reset lifts the lock-out");
  assert.equal(await verifyLogin("mia@example.com", "first-password-1"), null);
  assert.ok(await verifyLogin("mia@example.com", "second-password-2"));

  await lock("203.0.113.7");
  await lock("2001:db8::7");
  const listed = (await call("/api/users")).body.items.find((u: any) => u.id === id).lockouts;
  assert.deepEqual(listed.map((l: any) => [l.address, l.failures]).sort(), [
    ["2001:db8::7", 5],
    ["203.0.113.7", 5],
  ]);
  assert.ok(listed.every((l: any) => new Date(l.lockedUntil) > new Date()));
  const unlocked = await call(`/api/users/${id}`, "PATCH", { unlock: true });
  assert.deepEqual(unlocked.body.lockouts, [], "unlock lifts every address's lock");

  const deleted = await call(`/api/users/${id}`, "DELETE");
  assert.equal(deleted.status, 200);
  assert.equal((await call(`/api/users/${id}`, "DELETE")).status, 404);
  assert.equal((await call(`/api/users/${id}/password`, "POST", { password: "third-password-3" })).status, 404);
  assert.ok(!(await call("/api/users")).body.items.some((u: any) => u.id === id));
});

test("users: nobody deletes themselves, and the last admin stays admin", async () => {
  const [{ id: firstAdmin }] = await query<{ id: number }>(app.databaseUrl, "SELECT id FROM users WHERE role = 'admin'");
  const demote = await call(`/api/users/${firstAdmin}`, "PATCH", { role: "marketer" });
  assert.equal(demote.status, 409);
  assert.equal(demote.body.error.code, "last_admin");
  const remove = await call(`/api/users/${firstAdmin}`, "DELETE");
  assert.equal(remove.status, 409);
  assert.equal(remove.body.error.code, "last_admin");

  const self = await asUser(firstAdmin, `/api/users/${firstAdmin}`, "DELETE");
  assert.equal(self.status, 409);
  assert.equal(self.body.error.code, "cannot_delete_self");

  // With a second admin, either may be demoted — but not both, even at the same moment.
  const second = await call("/api/users", "POST", {
    email: "second-admin@example.com",
    role: "admin",
    password: "second-admin-pass",
  });
  assert.equal(second.status, 201);
  const [a, b] = await Promise.all([
    call(`/api/users/${firstAdmin}`, "PATCH", { role: "analyst" }),
    call(`/api/users/${second.body.id}`, "PATCH", { role: "analyst" }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409]);
  const [{ n }] = await query<{ n: number }>(app.databaseUrl, "SELECT count(*)::int AS n FROM users WHERE role = 'admin'");
  assert.equal(n, 1);
  // Put things back: the first admin stays admin for the other tests.
  await call(`/api/users/${firstAdmin}`, "PATCH", { role: "admin" });
  const other = await asUser(firstAdmin, `/api/users/${second.body.id}`, "DELETE");
  assert.equal(other.status, 200, JSON.stringify(other.body));
});

test("API tokens: created once in clear, listed without it, revoked for good", async () => {
  const res = await call("/api/tokens", "POST", { name: "CRM sync", role: "marketer" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const { token, record } = res.body;
  assert.match(token, /^qd_[A-Za-z0-9_-]{43}$/);
  assert.equal(record.role, "marketer");
  assert.ok(token.startsWith(record.prefix));
  assert.equal(record.tokenHash, undefined);

  const list = await call("/api/tokens");
  assert.equal(list.status, 200);
  assert.ok(!JSON.stringify(list.body).includes(token), "the list never holds the token");
  assert.ok(!JSON.stringify(list.body).includes("tokenHash"));
  assert.ok(list.body.items.some((t: any) => t.id === record.id && t.name === "CRM sync" && t.revokedAt === null));

  assert.equal((await call("/api/qrcodes", "GET", undefined, token)).status, 200, "the new token works");
  assert.equal((await call("/api/users", "GET", undefined, token)).status, 403, "with its role's rights only");
  const used = (await call("/api/tokens")).body.items.find((t: any) => t.id === record.id);
  assert.ok(used.lastUsedAt, "last use is recorded");

  for (const [body, field] of [
    [{ name: "", role: "marketer" }, "name"],
    [{ name: "x", role: "root" }, "role"],
  ] as const) {
    const bad = await call("/api/tokens", "POST", body);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, field);
  }

  const revoked = await call(`/api/tokens/${record.id}`, "DELETE");
  assert.equal(revoked.status, 200);
  assert.ok(revoked.body.revokedAt);
  assert.equal((await call("/api/qrcodes", "GET", undefined, token)).status, 401, "a revoked token is refused");
  assert.equal((await call(`/api/tokens/${record.id}`, "DELETE")).body.revokedAt, revoked.body.revokedAt, "idempotent");
  assert.equal((await call(`/api/tokens/99999`, "DELETE")).status, 404);
});

test("every admin route refuses every other role (403) and anonymous callers (401), changing nothing", async () => {
  const { createUser } = await import("@/lib/db/users");
  const victim = await createUser({ email: "victim@example.com", role: "analyst", password: "victim-password" });
  const [{ id: victimToken }] = await query<{ id: number }>(
    app.databaseUrl,
    "SELECT id FROM api_tokens WHERE name = 'analyst test'",
  );
  const routes: [string, string, unknown?][] = [
    ["POST", "/api/accounts", { appId: "wx9999999999999999", name: "x", ...SECRETS }],
    ["PATCH", `/api/accounts/${sandbox.id}`, { name: "hijacked" }],
    ["POST", `/api/accounts/${sandbox.id}/check`],
    ["GET", "/api/users"],
    ["POST", "/api/users", { email: "intruder@example.com", role: "admin", password: "intruder-password" }],
    ["PATCH", `/api/users/${victim.id}`, { role: "admin" }],
    ["DELETE", `/api/users/${victim.id}`],
    ["POST", `/api/users/${victim.id}/password`, { password: "taken-over-password" }],
    ["GET", "/api/tokens"],
    ["POST", "/api/tokens", { name: "backdoor", role: "admin" }],
    ["DELETE", `/api/tokens/${victimToken}`],
  ];
  const snapshot = () =>
    query(
      app.databaseUrl,
      `SELECT (SELECT json_agg(a ORDER BY id) FROM accounts a) AS accounts,
              (SELECT json_agg(json_build_object('id', id, 'role', role, 'hash', password_hash) ORDER BY id) FROM users) AS users,
              (SELECT json_agg(json_build_object('id', id, 'revoked', revoked_at) ORDER BY id) FROM api_tokens) AS tokens`,
    );
  const before = await snapshot();
  const [marketerUser, operatorUser, analystUser] = await Promise.all(
    (["marketer", "operator", "analyst"] as const).map((role) =>
      createUser({ email: `${role}-session@example.com`, role, password: "session-password" }),
    ),
  );
  const beforeWithSessions = await snapshot();
  assert.notDeepEqual(before, beforeWithSessions);

  for (const [method, path, body] of routes) {
    for (const role of ["marketer", "operator", "analyst"] as const) {
      const res = await call(path, method, body, tokens[role]);
      assert.equal(res.status, 403, `${role} token ${method} ${path} → ${res.status}`);
      assert.equal(res.body.error.code, "forbidden");
    }
    for (const user of [marketerUser, operatorUser, analystUser]) {
      const res = await asUser(user.id, path, method, body);
      assert.equal(res.status, 403, `${user.role} session ${method} ${path} → ${res.status}`);
    }
    const anonymous = await fetch(`${app.baseUrl}${path}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
    assert.equal(anonymous.status, 401, `anonymous ${method} ${path}`);
  }
  assert.deepEqual(await snapshot(), beforeWithSessions);
});
