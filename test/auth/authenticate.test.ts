import { after, test } from "node:test";
import assert from "node:assert/strict";
import { encode } from "next-auth/jwt";
import { freshDatabase } from "../helpers/database";
import { prisma, disconnect } from "@/lib/db/client";
import { createApiToken, revokeApiToken } from "@/lib/db/api-tokens";
import { createUser } from "@/lib/db/users";
import { authenticateRequest } from "@/lib/auth/authenticate";
import { authOptions } from "@/lib/auth/options";
import { lockedUntilOf, SIGN_IN_LOCKOUT } from "@/lib/access/sign-in-lockout";

process.env.DATABASE_URL = await freshDatabase();
process.env.ENCRYPTION_KEY = "test-key";
process.env.NEXTAUTH_SECRET = "test-nextauth-secret";
delete process.env.NEXTAUTH_URL;

after(() => disconnect());

function request(headers: Record<string, string>): Request {
  return new Request("http://localhost/api/qrcodes", { headers });
}

async function sessionCookie(claims: Record<string, unknown>, secret = process.env.NEXTAUTH_SECRET!): Promise<string> {
  return `next-auth.session-token=${await encode({ token: claims, secret })}`;
}

test("a valid Bearer token authenticates as that token, with its role", async () => {
  const { token, record } = await createApiToken({ role: "marketer", name: "ci" });
  assert.deepEqual(await authenticateRequest(request({ authorization: `Bearer ${token}` })), {
    kind: "token",
    id: record.id,
    name: "ci",
    role: "marketer",
  });
  assert.equal((await authenticateRequest(request({ authorization: `bearer  ${token}` })))?.id, record.id);
});

test("a revoked token is refused", async () => {
  const { token, record } = await createApiToken({ role: "admin" });
  assert.ok(await authenticateRequest(request({ authorization: `Bearer ${token}` })));
  await revokeApiToken(record.id);
  assert.equal(await authenticateRequest(request({ authorization: `Bearer ${token}` })), null);
});

test("garbage in the Authorization header is refused", async () => {
  const { token } = await createApiToken({ role: "admin" });
  for (const authorization of [
    "Bearer",
    "Bearer ",
    "Bearer qd_garbage",
    `Bearer ${token.slice(0, -2)}`,
    `Basic ${Buffer.from("a:b").toString("base64")}`,
    token,
    `Bearer ${token} extra`,
    `Bearer ${"x".repeat(10000)}`,
  ]) {
    assert.equal(await authenticateRequest(request({ authorization })), null, authorization.slice(0, 40));
  }
});

test("no credentials at all is null", async () => {
  assert.equal(await authenticateRequest(request({})), null);
  assert.equal(await authenticateRequest(request({ cookie: "other=1" })), null);
});

test("a session cookie authenticates its user, with the role read from the database", async () => {
  const user = await createUser({ email: "ops@example.com", name: "Ops", role: "operator", password: "ops password 1" });
  // The cookie claims admin; the database says operator, and the database wins.
  const cookie = await sessionCookie({ sub: String(user.id), uid: user.id, role: "admin", email: user.email });
  assert.deepEqual(await authenticateRequest(request({ cookie: `theme=dark; ${cookie}` })), {
    kind: "user",
    id: user.id,
    name: "Ops",
    role: "operator",
  });

  await prisma.user.update({ where: { id: user.id }, data: { role: "analyst" } });
  assert.equal((await authenticateRequest(request({ cookie })))?.role, "analyst");

  await prisma.user.delete({ where: { id: user.id } });
  assert.equal(await authenticateRequest(request({ cookie })), null, "a deleted user's session is dead");
});

test("a forged, foreign or garbled session cookie is refused", async () => {
  const user = await createUser({ email: "victim@example.com", role: "admin", password: "victim password" });
  const forged = await sessionCookie({ sub: String(user.id), uid: user.id }, "some other secret");
  assert.equal(await authenticateRequest(request({ cookie: forged })), null);
  assert.equal(await authenticateRequest(request({ cookie: "next-auth.session-token=not.a.jwt" })), null);
  assert.equal(await authenticateRequest(request({ cookie: "next-auth.session-token=%E0%A4%A" })), null);
  const noUser = await sessionCookie({ sub: "999999", uid: 999999 });
  assert.equal(await authenticateRequest(request({ cookie: noUser })), null);
});

test("a Bearer header is judged alone: a bad token is not rescued by a good cookie", async () => {
  const user = await createUser({ email: "both@example.com", role: "admin", password: "both password" });
  const cookie = await sessionCookie({ sub: String(user.id), uid: user.id });
  assert.equal((await authenticateRequest(request({ cookie })))?.id, user.id);
  assert.equal(await authenticateRequest(request({ cookie, authorization: "Bearer qd_nope" })), null);
});

test("the secure-prefixed cookie (https deployments) is read too", async () => {
  const user = await createUser({ email: "tls@example.com", role: "marketer", password: "tls password" });
  const jwt = await encode({ token: { sub: String(user.id), uid: user.id }, secret: process.env.NEXTAUTH_SECRET! });
  const principal = await authenticateRequest(request({ cookie: `__Secure-next-auth.session-token=${jwt}` }));
  assert.equal(principal?.id, user.id);
});

test("sign-in through authOptions: authorize uses verifyLogin, and the token and session carry id and role", async () => {
  const user = await createUser({ email: "signin@example.com", name: "Sig", role: "marketer", password: "sign in password" });
  assert.equal(authOptions.session?.strategy, "jwt");
  assert.equal(authOptions.pages?.signIn, "/signin");
  const provider = authOptions.providers[0] as unknown as {
    type: string;
    options: { authorize(c: Record<string, string>, req: unknown): Promise<unknown> };
  };
  assert.equal(provider.type, "credentials");
  const authorize = provider.options.authorize;

  assert.equal(await authorize({ email: "signin@example.com", password: "wrong password" }, {}), null);
  // A NUL never reaches PostgreSQL (whose text cannot hold one): a plain refusal, not an error.
  assert.equal(await authorize({ email: "signin\u0000@example.com", password: "sign in password" }, {}), null);
  const signedIn = (await authorize({ email: "SIGNIN@example.com", password: "sign in password" }, {})) as {
    id: string;
    role: string;
  };
  assert.deepEqual(signedIn, {
    id: String(user.id),
    email: "signin@example.com",
    name: "Sig",
    role: "marketer",
    sessionVersion: 0,
  });

  const jwt = await authOptions.callbacks!.jwt!({ token: { sub: signedIn.id }, user: signedIn as never } as never);
  assert.equal(jwt.uid, user.id);
  assert.equal(jwt.role, "marketer");
  assert.equal(jwt.sv, 0, "the token carries the session version");
  const session = await authOptions.callbacks!.session!({
    session: { expires: "", user: {} },
    token: { ...jwt, email: "signin@example.com", name: "Sig" },
  } as never);
  assert.deepEqual((session as { user: unknown }).user, {
    id: user.id,
    email: "signin@example.com",
    name: "Sig",
    role: "marketer",
  });

  // The cookie next-auth would set from that token authenticates the same user.
  const cookie = await sessionCookie(jwt as Record<string, unknown>);
  assert.equal((await authenticateRequest(request({ cookie })))?.id, user.id);

  // Signing out moves the version on: that cookie, and every other of the user's, is dead.
  await authOptions.events!.signOut!({ token: jwt } as never);
  assert.equal(await authenticateRequest(request({ cookie })), null);
});

test("a session whose version is not the user's current one is refused; a cookie without one is version 0", async () => {
  const user = await createUser({ email: "versions@example.com", role: "analyst", password: "versions password" });
  const v0 = await sessionCookie({ sub: String(user.id), uid: user.id, sv: 0 });
  const legacy = await sessionCookie({ sub: String(user.id), uid: user.id });
  assert.equal((await authenticateRequest(request({ cookie: v0 })))?.id, user.id);
  assert.equal((await authenticateRequest(request({ cookie: legacy })))?.id, user.id);
  await prisma.user.update({ where: { id: user.id }, data: { sessionVersion: 1 } });
  assert.equal(await authenticateRequest(request({ cookie: v0 })), null);
  assert.equal(await authenticateRequest(request({ cookie: legacy })), null);
  const v1 = await sessionCookie({ sub: String(user.id), uid: user.id, sv: 1 });
  assert.equal((await authenticateRequest(request({ cookie: v1 })))?.id, user.id);
  const ahead = await sessionCookie({ sub: String(user.id), uid: user.id, sv: 2 });
  assert.equal(await authenticateRequest(request({ cookie: ahead })), null);
});

test("authorize counts a failure against the address our server recorded, not the one the client claims", async () => {
  await createUser({ email: "addr@example.com", role: "analyst", password: "address password" });
  const authorize = (
    authOptions.providers[0] as unknown as { options: { authorize(c: Record<string, string>, req: unknown): Promise<unknown> } }
  ).options.authorize;
  const headers = { "x-forwarded-for": "10.9.8.7, 192.0.2.44" }; // a claim, then what our server saw
  assert.equal(await authorize({ email: "addr@example.com", password: "wrong password" }, { headers }), null);
  const [lock] = await prisma.signInLock.findMany({ where: { user: { email: "addr@example.com" } } });
  assert.equal(lock.address, "192.0.2.44");
});

test("authorize answers a locked address with the lock's end, which the sign-in form reads", async () => {
  await createUser({ email: "locked@example.com", role: "analyst", password: "locked password" });
  const authorize = (
    authOptions.providers[0] as unknown as { options: { authorize(c: Record<string, string>, req: unknown): Promise<unknown> } }
  ).options.authorize;
  const headers = { "x-forwarded-for": "192.0.2.45" };
  for (let i = 1; i < SIGN_IN_LOCKOUT.failures; i++)
    assert.equal(await authorize({ email: "locked@example.com", password: "wrong password" }, { headers }), null);
  const messageOf = (password: string) =>
    authorize({ email: "locked@example.com", password }, { headers }).then(
      () => assert.fail("a locked address is refused"),
      (error: Error) => error.message,
    );
  const refused = await messageOf("wrong password");
  assert.equal(await messageOf("locked password"), refused, "the right password is refused with the same end");
  const [lock] = await prisma.signInLock.findMany({ where: { user: { email: "locked@example.com" } } });
  assert.deepEqual(lockedUntilOf(refused), lock.lockedUntil);
  assert.equal(lockedUntilOf("CredentialsSignin"), null);
  assert.equal(lockedUntilOf("locked:soon"), null);
});
