import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { api } from "../helpers/wechat-peer";
import { signIn, signOut } from "./browser-session";

// Session cookies against the running app: each carries the user's session version, and signing
// out, a new password and a new role end every cookie the user had (issue 8, defect 6). Also the
// lockout's default trust: with no proxy configured, what the client writes in X-Forwarded-For is
// not its address (issue 8, defect 5).

let app: RunningApp;
let admin = "";

before(async () => {
  const started = await startAppWithTokens({ admin: "sessions admin" });
  app = started.app;
  admin = started.tokens.admin;
});
after(() => stopApp(app));

const PASSWORD = "a session password";
let counter = 0;

async function newUser(role: "marketer" | "analyst" = "marketer") {
  const { createUser } = await import("@/lib/db/users");
  const email = `session${++counter}@example.com`;
  return createUser({ email, role, password: PASSWORD });
}

async function signedIn(email: string, password = PASSWORD): Promise<string> {
  const attempt = await signIn(app.baseUrl, email, password);
  assert.ok(attempt.cookie, `signed in: ${JSON.stringify(attempt)}`);
  return attempt.cookie;
}

/** Whether `cookie` is a live session: on an API (200 vs 401) and on a page (rendered vs sent to /signin). */
async function live(cookie: string): Promise<boolean> {
  const apiStatus = (await fetch(`${app.baseUrl}/api/qrcodes`, { headers: { cookie } })).status;
  const page = await fetch(`${app.baseUrl}/codes`, { headers: { cookie }, redirect: "manual" });
  await page.body?.cancel();
  if (apiStatus === 200) {
    assert.equal(page.status, 200, "the page agrees with the API");
    return true;
  }
  assert.equal(apiStatus, 401);
  assert.ok([302, 303, 307].includes(page.status), `page answered ${page.status}`);
  assert.match(page.headers.get("location") ?? "", /\/signin/);
  return false;
}

const call = (path: string, method: string, body?: unknown) =>
  api(app.baseUrl, admin, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

test("after sign-out the cookie is dead, in every browser of that user; signing in again works", async () => {
  const user = await newUser();
  const laptop = await signedIn(user.email);
  const phone = await signedIn(user.email);
  assert.equal(await live(laptop), true);
  assert.equal(await live(phone), true);

  assert.equal(await signOut(app.baseUrl, laptop), 200);
  assert.equal(await live(laptop), false, "the signed-out cookie, replayed");
  assert.equal(await live(phone), false, "sign-out ends the user's sessions everywhere");

  const again = await signedIn(user.email);
  assert.equal(await live(again), true);
  // The sign-in page shows the form to a dead cookie (it does not bounce it to /codes and back).
  const signinPage = await fetch(`${app.baseUrl}/signin`, { headers: { cookie: laptop }, redirect: "manual" });
  await signinPage.body?.cancel();
  assert.equal(signinPage.status, 200);
});

test("signing out a dead cookie again ends nothing newer", async () => {
  const user = await newUser();
  const old = await signedIn(user.email);
  await signOut(app.baseUrl, old);
  const current = await signedIn(user.email);
  await signOut(app.baseUrl, old);
  assert.equal(await live(current), true);
});

test("after an admin resets the password the old cookie is dead; the new password signs in", async () => {
  const user = await newUser();
  const cookie = await signedIn(user.email);
  assert.equal(await live(cookie), true);
  const reset = await call(`/api/users/${user.id}/password`, "POST", { password: "a newer session password" });
  assert.equal(reset.status, 200, JSON.stringify(reset.body));
  assert.equal(await live(cookie), false);
  assert.equal((await signIn(app.baseUrl, user.email, PASSWORD)).cookie, null, "the old password is refused");
  assert.equal(await live(await signedIn(user.email, "a newer session password")), true);
});

test("after a role change the old cookie is dead; a rename or an unlock leaves it alone", async () => {
  const user = await newUser("marketer");
  const cookie = await signedIn(user.email);
  assert.equal((await call(`/api/users/${user.id}`, "PATCH", { name: "Renamed", role: "marketer" })).status, 200);
  assert.equal((await call(`/api/users/${user.id}`, "PATCH", { unlock: true })).status, 200);
  assert.equal(await live(cookie), true, "nothing about the session changed");

  assert.equal((await call(`/api/users/${user.id}`, "PATCH", { role: "analyst" })).status, 200);
  assert.equal(await live(cookie), false);
  const fresh = await signedIn(user.email);
  assert.equal(await live(fresh), true);
  const me = await fetch(`${app.baseUrl}/api/qrcodes`, {
    method: "POST",
    headers: { cookie: fresh, "content-type": "application/json", origin: app.baseUrl },
    body: "{}",
  });
  assert.equal(me.status, 403, "the fresh session has the new role");
});

test("without a configured proxy, the client's X-Forwarded-For is no address: it neither escapes a lock nor makes one elsewhere", async () => {
  const user = await newUser();
  for (let i = 0; i < 6; i++) {
    const attempt = await signIn(app.baseUrl, user.email, `wrong password ${i}`, { "x-forwarded-for": `198.51.100.${i}` });
    assert.equal(attempt.cookie, null);
  }
  const spoofed = await signIn(app.baseUrl, user.email, PASSWORD, { "x-forwarded-for": "192.0.2.200" });
  assert.equal(spoofed.cookie, null, "the socket's address is locked, whatever the header says");
  const listed = (await call("/api/users", "GET")).body.items.find((u: { id: number }) => u.id === user.id);
  assert.deepEqual(
    listed.lockouts.map((l: { address: string; failures: number }) => [l.address, l.failures]),
    [["127.0.0.1", 5]],
  );
});
