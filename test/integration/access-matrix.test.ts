import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { encode } from "next-auth/jwt";
import { ROLES, type Role } from "@/lib/access/roles";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { signIn } from "../helpers/sign-in";
import { query } from "../helpers/database";
import { apiRoutesInApp, pagesInApp, rolesFor, API_ACCESS, PAGE_ACCESS, type Access, type Method } from "../access/matrix";

// Issue 8, point 4: every API route and page found in app/ × every kind of caller, against the one
// expected table (test/access/matrix.ts). Requests name ids that do not exist and send bodies that
// fail validation, so nothing changes: a 401/403 (or a redirect to /signin or /forbidden) means
// refused, a 400/404 means the role check let the caller through.

type Caller = { name: string; role: Role | null; kind: "session" | "token" | "stranger"; headers: Record<string, string> };

let app: RunningApp;
const callers: Caller[] = [];

before(async () => {
  const { app: started, tokens } = await startAppWithTokens({
    admin: "matrix admin",
    marketer: "matrix marketer",
    operator: "matrix operator",
    analyst: "matrix analyst",
    integration: "matrix integration",
  });
  app = started;
  const { createUser } = await import("@/lib/db/users");
  const { createApiToken, revokeApiToken } = await import("@/lib/db/api-tokens");
  const secret = app.env.NEXTAUTH_SECRET!;
  let adminId = 0;
  for (const role of ROLES) {
    // integration is a role of API tokens only: no user has it
    if (role === "integration") {
      callers.push({ name: `${role} token`, role, kind: "token", headers: { authorization: `Bearer ${tokens[role]}` } });
      continue;
    }
    const email = `matrix-${role}@example.com`;
    const user = await createUser({ email, role, password: "matrix-password" });
    if (role === "admin") adminId = user.id;
    callers.push({
      name: `${role} session`,
      role,
      kind: "session",
      headers: { cookie: await signIn(app.baseUrl, email, "matrix-password") },
    });
    callers.push({ name: `${role} token`, role, kind: "token", headers: { authorization: `Bearer ${tokens[role]}` } });
  }
  // an admin's session as next-auth signs it, but an hour past its expiry
  const claims = { sub: String(adminId), uid: adminId, email: "matrix-admin@example.com", role: "admin" as const };
  const expired = await encode({ token: claims, secret, maxAge: -3600 });
  const revoked = await createApiToken({ role: "admin", name: "matrix revoked" });
  await revokeApiToken(revoked.record.id);
  callers.push(
    { name: "no session", role: null, kind: "stranger", headers: {} },
    { name: "expired admin session", role: null, kind: "stranger", headers: { cookie: `next-auth.session-token=${expired}` } },
    { name: "revoked admin token", role: null, kind: "stranger", headers: { authorization: `Bearer ${revoked.token}` } },
  );
  // the same claims, not expired, do get in: the expired one is refused for its age alone
  const fresh = await encode({ token: claims, secret });
  const control = await fetch(`${app.baseUrl}/api/users`, { headers: { cookie: `next-auth.session-token=${fresh}` } });
  assert.equal(control.status, 200, "a fresh copy of the expired session should be accepted");
});
after(() => stopApp(app));

const MISSING_ID = "999999";
/** Valid JSON that every schema refuses (strict objects) or ignores: reaches validation, changes nothing. */
const REFUSED_BODY = JSON.stringify({ __accessMatrix: true });

/** A concrete URL for a route pattern: ids that do not exist, an AppID nobody has, next-auth's session. */
function concrete(pattern: string, method: Method): string {
  return pattern
    .replace("[...nextauth]", method === "GET" ? "session" : "signout")
    .replace("[appId]", "wx_access_matrix")
    .replace(/\[[a-zA-Z]+\]/g, MISSING_ID);
}

async function ask(caller: Caller, method: Method, path: string) {
  const writes = method !== "GET" && method !== "HEAD";
  const headers: Record<string, string> = { ...caller.headers };
  if (writes) {
    headers["content-type"] = "application/json";
    if (caller.kind === "session") headers.origin = app.baseUrl; // as our own pages send it
  }
  const res = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers,
    redirect: "manual",
    body: writes ? REFUSED_BODY : undefined,
  });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = JSON.parse(text)?.error?.code;
  } catch {
    // not JSON (pages, CSV, images, WeChat's plain answers)
  }
  return { status: res.status, code, location: res.headers.get("location") ?? "" };
}

/** Runs `jobs` a few at a time (the server has two cores). */
async function inTurn<T>(jobs: (() => Promise<T>)[], width = 6): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  return results;
}

const mayEnter = (access: Access, caller: Caller) =>
  caller.role !== null &&
  (rolesFor(access) ?? []).includes(caller.role) &&
  (caller.kind === "session" || caller.kind === "token");

/** Rows of the database a request could change (not last-used stamps or login counters). */
const snapshot = () =>
  query(
    app.databaseUrl,
    `SELECT (SELECT json_agg(json_build_object('id', id, 'email', email, 'name', name, 'role', role, 'hash', password_hash) ORDER BY id) FROM users) AS users,
            (SELECT json_agg(json_build_object('id', id, 'role', role, 'revoked', revoked_at) ORDER BY id) FROM api_tokens) AS tokens,
            (SELECT json_agg(a ORDER BY id) FROM accounts a) AS accounts,
            (SELECT json_agg(q ORDER BY id) FROM qr_codes q) AS codes,
            (SELECT json_agg(r ORDER BY id) FROM replies r) AS replies,
            (SELECT count(*) FROM events) AS events,
            (SELECT count(*) FROM sandbox_faults) AS faults`,
  );

test("every API route × every caller answers as the access matrix says, and nothing changes", async () => {
  const routes = apiRoutesInApp();
  const before = await snapshot();
  const problems: string[] = [];
  const jobs = Object.entries(routes).flatMap(([pattern, methods]) =>
    methods.map((method) => async () => {
      const access = API_ACCESS[pattern]?.[method];
      if (!access) return problems.push(`${method} ${pattern}: no entry in test/access/matrix.ts`);
      const path = concrete(pattern, method);
      const answers = await inTurn(
        callers.map((caller) => async () => ({ caller, ...(await ask(caller, method, path)) })),
        3,
      );
      for (const { caller, status, code } of answers) {
        const where = `${method} ${path} as ${caller.name} → ${status}${code ? ` ${code}` : ""}`;
        if (status >= 500) problems.push(`${where}: a server error`);
        else if (access === "public") continue;
        else if (caller.kind === "stranger") {
          if (status !== 401) problems.push(`${where}: expected 401`);
        } else if (mayEnter(access, caller)) {
          if (status === 401 || status === 403) problems.push(`${where}: expected the role check to pass (${access})`);
        } else if (status !== 403 || code !== "forbidden") problems.push(`${where}: expected 403 forbidden (${access})`);
      }
      // public: the caller changes nothing about the answer
      if (access === "public" && new Set(answers.map((a) => a.status)).size > 1)
        problems.push(
          `${method} ${path} (public) answers differently per caller: ${answers.map((a) => `${a.caller.name} ${a.status}`).join(", ")}`,
        );
    }),
  );
  await inTurn(jobs, 2);
  assert.deepEqual(problems, []);
  assert.deepEqual(await snapshot(), before, "a request of the matrix changed data");
});

test("every page × every caller: signed out → /signin, a role without the permission → /forbidden, else the page", async () => {
  const problems: string[] = [];
  const jobs = pagesInApp().flatMap((pattern) =>
    callers.map((caller) => async () => {
      const access = PAGE_ACCESS[pattern];
      if (!access) return problems.push(`page ${pattern}: no entry in test/access/matrix.ts`);
      const path = concrete(pattern, "GET");
      const { status, location } = await ask(caller, "GET", path);
      const redirected = status >= 300 && status < 400 ? new URL(location, app.baseUrl).pathname : null;
      const where = `page ${path} as ${caller.name} → ${status}${redirected ? ` ${redirected}` : ""}`;
      if (status >= 500) problems.push(`${where}: a server error`);
      else if (access === "public") {
        if (redirected === "/forbidden") problems.push(`${where}: a public page refused`);
      } else if (caller.kind !== "session") {
        // pages take the session cookie only: an API token is a stranger there
        if (redirected !== "/signin") problems.push(`${where}: expected a redirect to /signin`);
      } else if (mayEnter(access, caller)) {
        if (redirected === "/signin" || redirected === "/forbidden") problems.push(`${where}: expected the page (${access})`);
      } else if (redirected !== "/forbidden") problems.push(`${where}: expected a redirect to /forbidden (${access})`);
    }),
  );
  await inTurn(jobs, 4);
  assert.deepEqual(problems, []);
});
