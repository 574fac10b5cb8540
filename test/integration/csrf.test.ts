import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { RunningApp } from "../helpers/app";
import { startAppWithTokens, stopApp } from "../helpers/app-with-tokens";
import { csrfPair, postSignIn, sessionCookieOf, signIn } from "../helpers/sign-in";
import { query } from "../helpers/database";

// Issue 8, defect 2: a page on another port of the same host (SameSite=Lax lets it through) created
// an admin user with the admin's cookie, posting JSON as text/plain from an HTML form.

let app: RunningApp;
let tokens: { admin: string; marketer: string };
let adminCookie: string;
const ADMIN = { email: "csrf-admin@example.com", password: "csrf-admin-password" };
/** Another port of the same host: same-site, so the browser sends our cookies with its requests. */
let foreign: string;

before(async () => {
  ({ app, tokens } = await startAppWithTokens({ admin: "csrf admin script", marketer: "csrf marketer script" }));
  const { createUser } = await import("@/lib/db/users");
  await createUser({ email: ADMIN.email, role: "admin", password: ADMIN.password });
  adminCookie = await signIn(app.baseUrl, ADMIN.email, ADMIN.password);
  const url = new URL(app.baseUrl);
  foreign = `${url.protocol}//${url.hostname}:${Number(url.port) === 65535 ? 1 : Number(url.port) + 1}`;
});
after(() => stopApp(app));

const newAdmin = (email: string) => JSON.stringify({ email, role: "admin", password: "taken-over-password" });
const userCount = async (email: string) =>
  Number((await query(app.databaseUrl, "SELECT count(*) AS n FROM users WHERE email = $1", [email]))[0].n);

async function post(path: string, body: string, headers: Record<string, string>, method = "POST") {
  const res = await fetch(`${app.baseUrl}${path}`, { method, body, headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

test("the reported attack: a text/plain form post from another port with the admin's cookie creates nobody", async () => {
  const email = "form-intruder@example.com";
  const res = await post("/api/users", newAdmin(email), { cookie: adminCookie, origin: foreign, "content-type": "text/plain" });
  assert.equal(res.status, 403, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "cross_origin");
  assert.equal(await userCount(email), 0);
});

test("a cookie-authenticated write needs our own Origin: foreign, null and missing are 403 cross_origin, nothing done", async () => {
  const json = { cookie: adminCookie, "content-type": "application/json" };
  const origins: [string, Record<string, string>][] = [
    ["another port", { origin: foreign }],
    ["another host", { origin: "http://evil.example" }],
    ["another scheme", { origin: app.baseUrl.replace("http:", "https:") }],
    ["null", { origin: "null" }],
    ["missing", {}],
  ];
  for (const [what, origin] of origins) {
    const email = `intruder-${what.replace(/ /g, "-")}@example.com`;
    const created = await post("/api/users", newAdmin(email), { ...json, ...origin });
    assert.equal(created.status, 403, `${what}: ${JSON.stringify(created.body)}`);
    assert.equal(created.body.error.code, "cross_origin", what);
    assert.equal(await userCount(email), 0, what);
    const minted = await post("/api/tokens", JSON.stringify({ name: `backdoor ${what}`, role: "admin" }), { ...json, ...origin });
    assert.equal(minted.status, 403, what);
    assert.equal((await query(app.databaseUrl, "SELECT id FROM api_tokens WHERE name = $1", [`backdoor ${what}`])).length, 0);
  }
  // PATCH, PUT and DELETE too
  const [{ id: adminId }] = await query(app.databaseUrl, "SELECT id FROM users WHERE email = $1", [ADMIN.email]);
  const [{ id: accountId }] = await query(app.databaseUrl, "SELECT id FROM accounts ORDER BY id LIMIT 1");
  for (const [method, path, body] of [
    ["PATCH", `/api/users/${adminId}`, JSON.stringify({ name: "renamed from afar" })],
    ["PUT", `/api/accounts/${accountId}/replies`, JSON.stringify({ follow: { type: "text", content: "hijacked" } })],
    ["DELETE", "/api/tokens/1", undefined],
  ] as const) {
    const res = await post(path, body as string, { ...json, origin: foreign }, method);
    assert.equal(res.status, 403, `${method} ${path}`);
    assert.equal(res.body.error.code, "cross_origin");
  }
  const [admin] = await query(app.databaseUrl, "SELECT name FROM users WHERE id = $1", [adminId]);
  assert.notEqual(admin.name, "renamed from afar");
  assert.equal((await query(app.databaseUrl, "SELECT revoked_at FROM api_tokens WHERE id = 1"))[0].revoked_at, null);
  // reads need no Origin (a browser sends none on a same-origin GET)
  assert.equal((await fetch(`${app.baseUrl}/api/users`, { headers: { cookie: adminCookie } })).status, 200);
});

test("a JSON body must be sent as application/json: text/plain is 415 for every caller, and nothing is created", async () => {
  const email = "plain-text@example.com";
  for (const [who, auth] of [
    ["session", { cookie: adminCookie, origin: app.baseUrl }],
    ["token", { authorization: `Bearer ${tokens.admin}` }],
  ] as const) {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const headers: Record<string, string> = { ...auth };
      if (type) headers["content-type"] = type;
      const res = await post("/api/users", newAdmin(email), headers);
      // fetch labels a string body text/plain when no type is given
      assert.equal(res.status, 415, `${who} ${type || "(no type)"}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, "unsupported_media_type");
    }
  }
  assert.equal(await userCount(email), 0);
  // the routes that read JSON their own way: renewal (an optional body) and sandbox faults
  const renew = await post("/api/qrcodes/1/renew", JSON.stringify({ expireSeconds: 60 }), {
    authorization: `Bearer ${tokens.marketer}`,
    "content-type": "text/plain",
  });
  assert.equal(renew.status, 415);
  const fault = await post("/api/sandbox/faults", JSON.stringify({ appId: "x", api: "token", errcode: 1 }), {
    authorization: `Bearer ${tokens.admin}`,
    "content-type": "text/plain",
  });
  assert.equal(fault.status, 415);
  const foreignFault = await post("/api/sandbox/faults", JSON.stringify({ appId: "x", api: "token", errcode: 1 }), {
    cookie: adminCookie,
    origin: foreign,
    "content-type": "application/json",
  });
  assert.equal(foreignFault.status, 403);
  assert.equal(foreignFault.body.error.code, "cross_origin");
});

test("our own pages still write: same-origin JSON with the cookie works, charset allowed", async () => {
  const email = "same-origin@example.com";
  const res = await post("/api/users", newAdmin(email), {
    cookie: adminCookie,
    origin: app.baseUrl,
    "content-type": "application/json; charset=utf-8",
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(await userCount(email), 1);
  // NEXTAUTH_URL names the public origin; the Host the browser used counts too (here: localhost for 127.0.0.1)
  const port = new URL(app.baseUrl).port;
  const viaHost = await rawPost(`/api/users`, newAdmin("via-host@example.com"), {
    cookie: adminCookie,
    host: `localhost:${port}`,
    origin: `http://localhost:${port}`,
    "content-type": "application/json",
  });
  assert.equal(viaHost, 201);
  assert.equal(await userCount("via-host@example.com"), 1);
});

/** A POST with exactly these headers (fetch would not let the Host be chosen); the status. */
function rawPost(path: string, body: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: "POST", headers }, (res) => {
      res.resume().on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("API tokens are not held to the Origin rule: no Origin, or any, works", async () => {
  for (const [email, extra] of [
    ["bearer-plain@example.com", {}],
    ["bearer-foreign@example.com", { origin: foreign }],
  ] as const) {
    const res = await post("/api/users", newAdmin(email), {
      authorization: `Bearer ${tokens.admin}`,
      "content-type": "application/json",
      ...extra,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(await userCount(email), 1);
  }
});

test("next-auth's sign-in and sign-out: its CSRF token holds, and a post from another page is refused", async () => {
  const { email, password } = ADMIN;
  // without next-auth's token there is no session, whatever the Origin
  const noToken = await fetch(`${app.baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: app.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, json: "true" }),
  });
  assert.equal(sessionCookieOf(noToken), null);
  // login CSRF: the token pair is not secret from an attacker (any client can fetch one) and another
  // port of this host can plant its cookie; the Origin gives the forged form away
  const forged = await postSignIn(app.baseUrl, email, password, foreign);
  assert.equal(forged.status, 403);
  assert.equal(sessionCookieOf(forged), null);
  assert.equal((await postSignIn(app.baseUrl, email, password, "null")).status, 403);
  assert.ok(sessionCookieOf(await postSignIn(app.baseUrl, email, password)), "same-origin sign-in works");
  // sign-out from another page is refused too
  const { cookie, csrfToken } = await csrfPair(app.baseUrl);
  const signOut = await fetch(`${app.baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: `${cookie}; ${adminCookie}`, origin: foreign, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  assert.equal(signOut.status, 403);
});
