import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { createApiTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { signIn, type SignInAttempt } from "./browser-session";

// Sign-in lockout against the running app behind one (simulated) reverse proxy: failures lock the
// (account, address) pair only, so a stranger cannot lock anyone out, the first admin included
// (issue 8, defect 5). The proxy is this test: with TRUSTED_PROXY_HOPS=1 the entry before the one
// our server appends is the client's.

let app: RunningApp;
let admin = "";
const ADMIN_EMAIL = "admin@example.com"; // the first admin, as the start creates it
const ADMIN_PASSWORD = "the first admin's password";

before(async () => {
  process.env.ADMIN_PASSWORD = ADMIN_PASSWORD;
  app = await startApp({ TRUSTED_PROXY_HOPS: "1" });
  admin = (await createApiTokens({ admin: "lockout admin" })).admin;
});
after(() => stopApp(app));

const from = (address: string) => ({ "x-forwarded-for": address });
const attempt = (email: string, password: string, address: string) => signIn(app.baseUrl, email, password, from(address));
const call = (path: string, method = "GET", body?: unknown) =>
  api(app.baseUrl, admin, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

type Lockout = { address: string; failures: number; lockedUntil: string };
async function lockoutsOf(email: string): Promise<Lockout[]> {
  const users = (await call("/api/users")).body.items as { email: string; lockouts: Lockout[] }[];
  return users.find((u) => u.email === email)!.lockouts;
}

/** What the sign-in form learns from an attempt: whether it failed, and a lock's end. */
const seen = (a: SignInAttempt) => ({ status: a.status, url: a.url.replace(/^https?:\/\/[^/]+/, ""), cookie: a.cookie !== null });

test("a stranger's wrong passwords from one address leave the first admin able to sign in from another", async () => {
  const stranger = "203.0.113.9";
  for (let i = 0; i < 7; i++) assert.equal((await attempt(ADMIN_EMAIL, `guess number ${i}`, stranger)).cookie, null);

  const home = await attempt(ADMIN_EMAIL, ADMIN_PASSWORD, "198.51.100.20");
  assert.ok(home.cookie, "the admin signs in from their own address");
  const page = await fetch(`${app.baseUrl}/users`, { headers: { cookie: home.cookie }, redirect: "manual" });
  await page.body?.cancel();
  assert.equal(page.status, 200);

  const locked = await attempt(ADMIN_EMAIL, ADMIN_PASSWORD, stranger);
  assert.equal(locked.cookie, null, "the stranger's address is locked, even with the right password");
});

test("five wrong from one address lock that address for that user only; the form is told the lock's end, not which of email or password was wrong", async () => {
  const { createUser } = await import("@/lib/db/users");
  const alice = await createUser({ email: "alice@example.com", role: "marketer", password: "alice password 1" });
  await createUser({ email: "bob@example.com", role: "marketer", password: "bob password 12" });
  const a = "192.0.2.10";
  const wrong = await attempt(alice.email, "not alice password", a);
  for (let i = 0; i < 4; i++) await attempt(alice.email, "not alice password", a);

  const refused = await attempt(alice.email, "alice password 1", a);
  assert.equal(refused.cookie, null, "alice from A is locked");
  const unknown = await attempt("nobody@example.com", "whatever password", a);
  assert.deepEqual(seen(unknown), seen(wrong), "an unknown email looks like a wrong password");
  assert.deepEqual(seen(wrong), {
    status: 401,
    url: "/api/auth/error?error=CredentialsSignin&provider=credentials",
    cookie: false,
  });

  assert.ok((await attempt("bob@example.com", "bob password 12", a)).cookie, "bob from A is not locked");
  assert.ok((await attempt(alice.email, "alice password 1", "192.0.2.11")).cookie, "alice from B is not locked");

  const [lockout, ...others] = await lockoutsOf(alice.email);
  assert.deepEqual(others, []);
  assert.equal(lockout.address, a);
  assert.equal(lockout.failures, 5);
  const minutes = (new Date(lockout.lockedUntil).getTime() - Date.now()) / 60_000;
  assert.ok(minutes > 14 && minutes <= 15, `locked for ${minutes} more minutes`);
  assert.deepEqual(
    seen(refused),
    { status: 401, url: `/api/auth/error?error=${encodeURIComponent(`locked:${lockout.lockedUntil}`)}`, cookie: false },
    "the locked attempt is told until when",
  );
  assert.deepEqual(await lockoutsOf("bob@example.com"), []);
});

test("an admin sees the lockout and lifts it", async () => {
  const { createUser } = await import("@/lib/db/users");
  const carol = await createUser({ email: "carol@example.com", role: "analyst", password: "carol password" });
  for (const address of ["192.0.2.30", "2001:db8::30"])
    for (let i = 0; i < 5; i++) await attempt(carol.email, "not carol password", address);
  assert.deepEqual((await lockoutsOf(carol.email)).map((l) => l.address).sort(), ["192.0.2.30", "2001:db8::30"]);
  assert.equal((await attempt(carol.email, "carol password", "192.0.2.30")).cookie, null);

  const lifted = await call(`/api/users/${carol.id}`, "PATCH", { unlock: true });
  assert.equal(lifted.status, 200);
  assert.deepEqual(lifted.body.lockouts, []);
  assert.deepEqual(await lockoutsOf(carol.email), []);
  assert.ok((await attempt(carol.email, "carol password", "192.0.2.30")).cookie);
  assert.ok((await attempt(carol.email, "carol password", "2001:db8::30")).cookie);
});

test("parallel wrong attempts all count", async () => {
  const { createUser } = await import("@/lib/db/users");
  const dave = await createUser({ email: "dave@example.com", role: "analyst", password: "dave password" });
  const results = await Promise.all(
    Array.from({ length: 5 }, (_, i) => attempt(dave.email, `parallel guess ${i}`, "192.0.2.40")),
  );
  assert.ok(results.every((r) => r.cookie === null));
  const [lockout] = await lockoutsOf(dave.email);
  assert.equal(lockout?.failures, 5, "five parallel failures, five counted");
  assert.equal((await attempt(dave.email, "dave password", "192.0.2.40")).cookie, null, "and the address is locked");
  assert.equal(dave.role, "analyst");
});
