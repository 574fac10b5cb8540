import { after, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, scryptSync } from "node:crypto";
import { freshDatabase, query } from "../helpers/database";
import { prisma, disconnect } from "@/lib/db/client";
import * as users from "@/lib/db/users";
import { EmailTakenError, InvalidEmailError, InvalidRoleError, UserNotFoundError, WeakPasswordError } from "@/lib/access/errors";
import { verifyPassword } from "@/lib/access/passwords";
import { SIGN_IN_LOCKOUT } from "@/lib/access/sign-in-lockout";

// The Prisma client connects on first use, so setting the environment here is early enough.
const url = await freshDatabase();
process.env.DATABASE_URL = url;
process.env.ENCRYPTION_KEY = "test-key";

after(() => disconnect());

const PASSWORD = "a perfectly fine password";

test("createUser normalises the email, hashes the password and never returns the hash", async () => {
  const user = await users.createUser({ email: "  Alice@Example.COM ", name: " Alice ", role: "marketer", password: PASSWORD });
  assert.equal(user.email, "alice@example.com");
  assert.equal(user.name, "Alice");
  assert.equal(user.role, "marketer");
  assert.ok(!("passwordHash" in user));

  const [row] = await query<{ password_hash: string }>(url, "SELECT password_hash FROM users WHERE id = $1", [user.id]);
  assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword(PASSWORD, row.password_hash), true);

  const found = await users.findUserByEmail("ALICE@example.com");
  assert.equal(found?.id, user.id);
  assert.ok(found && !("passwordHash" in found));
  assert.equal(await users.findUserByEmail("nobody@example.com"), null);
});

test("a duplicate email (in any case) is a typed error and creates nothing", async () => {
  await users.createUser({ email: "dup@example.com", role: "analyst", password: PASSWORD });
  await assert.rejects(
    users.createUser({ email: "DUP@example.com", role: "admin", password: PASSWORD }),
    (error: unknown) => error instanceof EmailTakenError && error.kind === "conflict" && error.code === "email_taken",
  );
  const rows = await query(url, "SELECT id FROM users WHERE email = 'dup@example.com'");
  assert.equal(rows.length, 1);
});

test("invalid input is refused before anything is stored", async () => {
  await assert.rejects(users.createUser({ email: "not-an-email", role: "admin", password: PASSWORD }), InvalidEmailError);
  await assert.rejects(users.createUser({ email: "short@example.com", role: "admin", password: "short" }), WeakPasswordError);
  await assert.rejects(
    users.createUser({ email: "role@example.com", role: "root" as never, password: PASSWORD }),
    InvalidRoleError,
  );
  assert.equal(await users.findUserByEmail("short@example.com"), null);
  assert.equal(await users.findUserByEmail("role@example.com"), null);
});

test("listUsers and countAdmins never expose hashes", async () => {
  const before = await users.countAdmins();
  await users.createUser({ email: "admin2@example.com", role: "admin", password: PASSWORD });
  assert.equal(await users.countAdmins(), before + 1);
  const list = await users.listUsers();
  assert.ok(list.some((u) => u.email === "admin2@example.com"));
  for (const user of list) assert.ok(!JSON.stringify(user).includes("scrypt"), JSON.stringify(user));
});

const HOME = "198.51.100.10"; // the user's own address
const STRANGER = "203.0.113.66";
const login = (email: string, password: string, address = HOME) => users.verifyLogin(email, password, address);
const locks = (email: string) => prisma.signInLock.findMany({ where: { user: { email } }, orderBy: { address: "asc" } });
const LIMIT = SIGN_IN_LOCKOUT.failures;

test("verifyLogin accepts the right password and refuses the wrong one or an unknown email", async () => {
  await users.createUser({ email: "login@example.com", role: "operator", password: PASSWORD });
  const user = await login("Login@Example.com", PASSWORD);
  assert.equal(user?.email, "login@example.com");
  assert.equal(user?.role, "operator");
  assert.equal(user?.sessionVersion, 0, "the version a new session carries");
  assert.ok(user && !("passwordHash" in user));
  assert.equal(await login("login@example.com", `${PASSWORD}x`), null);
  assert.equal(await login("ghost@example.com", PASSWORD), null);
  assert.equal(await login("", PASSWORD), null);
  assert.equal(await prisma.signInLock.count({ where: { address: HOME, user: { email: "ghost@example.com" } } }), 0);
});

test("failures below the limit do not lock, and a success resets that address's count", async () => {
  await users.createUser({ email: "count@example.com", role: "analyst", password: PASSWORD });
  for (let i = 0; i < LIMIT - 1; i++) assert.equal(await login("count@example.com", "wrong password!"), null);
  let [row] = await locks("count@example.com");
  assert.equal(row.failures, LIMIT - 1);
  assert.equal(row.lockedUntil, null);

  assert.ok(await login("count@example.com", PASSWORD));
  assert.deepEqual(await locks("count@example.com"), []);

  // 4 more failures after the reset still do not lock: the limit counts failures in a row.
  for (let i = 0; i < LIMIT - 1; i++) await login("count@example.com", "wrong password!");
  assert.ok(await login("count@example.com", PASSWORD));

  // A count whose last failure is older than a lock would last starts again.
  for (let i = 0; i < LIMIT - 1; i++) await login("count@example.com", "wrong password!");
  await prisma.signInLock.updateMany({ data: { lastFailureAt: new Date(Date.now() - SIGN_IN_LOCKOUT.ms - 1000) } });
  await login("count@example.com", "wrong password!");
  [row] = await locks("count@example.com");
  assert.equal(row.failures, 1);
  assert.equal(row.lockedUntil, null);
});

test("five failures from one address lock that address for 15 minutes, even against the right password", async () => {
  const email = "lock@example.com";
  await users.createUser({ email, role: "admin", password: PASSWORD });
  const started = Date.now();
  for (let i = 0; i < LIMIT; i++) assert.equal(await login(email, `wrong password ${i}`, STRANGER), null);

  const [locked] = await locks(email);
  assert.equal(locked.address, STRANGER);
  assert.equal(locked.failures, LIMIT);
  assert.ok(locked.lockedUntil, "lockedUntil is set");
  const lockMs = locked.lockedUntil.getTime() - started;
  assert.ok(lockMs >= 15 * 60 * 1000 - 1000 && lockMs <= 15 * 60 * 1000 + 60 * 1000, `locked for ${lockMs} ms`);

  assert.equal(await login(email, PASSWORD, STRANGER), null, "the right password is refused from the locked address");
  assert.equal(await login(email, "wrong again!!", STRANGER), null);
  const [still] = await locks(email);
  assert.equal(still.lockedUntil?.getTime(), locked.lockedUntil.getTime(), "attempts while locked do not extend it");

  assert.equal((await login(email, PASSWORD, HOME))?.email, email, "the user signs in from their own address");
  assert.equal((await users.findUserByEmail(email))?.lockouts.length, 1, "the stranger's address stays locked");

  await prisma.signInLock.updateMany({ where: { address: STRANGER }, data: { lockedUntil: new Date(Date.now() - 1000) } });
  assert.deepEqual((await users.findUserByEmail(email))?.lockouts, [], "a lock that has passed is not listed");
  const user = await login(email, PASSWORD, STRANGER);
  assert.equal(user?.email, email, "the lock has passed");
  assert.deepEqual(await locks(email), []);
});

test("attemptSignIn tells a wrong password from a locked address, and an unknown email locks the same", async () => {
  const email = "tell@example.com";
  await users.createUser({ email, role: "analyst", password: PASSWORD });
  for (const who of [email, "nobody-here@example.com"]) {
    for (let i = 1; i < LIMIT; i++)
      assert.deepEqual(await users.attemptSignIn(who, "wrong password!", STRANGER), { wrong: true });
    const fifth = await users.attemptSignIn(who, "wrong password!", STRANGER);
    assert.ok("lockedUntil" in fifth, `${who}: the failure that locks says so`);
    const again = await users.attemptSignIn(who, who === email ? PASSWORD : "wrong password!", STRANGER);
    assert.deepEqual(again, fifth, `${who}: while locked, the same end is told, even for the right password`);
    assert.deepEqual(await users.attemptSignIn(who, "wrong password!", HOME), { wrong: true }, "another address is not locked");
  }
  assert.equal(await prisma.signInLock.count({ where: { address: STRANGER, user: { email: "nobody-here@example.com" } } }), 0);
  assert.equal(await prisma.signInMiss.count({ where: { email } }), 0, "a user's failures are counted against the user");

  // Dead misses, of any email, are cleared as misses are recorded.
  await prisma.signInMiss.updateMany({ data: { lockedUntil: new Date(Date.now() - 1000) } });
  await users.attemptSignIn("someone-else@example.com", "wrong password!", "192.0.2.99");
  assert.deepEqual(
    (await prisma.signInMiss.findMany({ orderBy: { email: "asc" } })).map((m) => [m.email, m.address]),
    [["someone-else@example.com", "192.0.2.99"]],
  );
});

test("a stranger's failures from many addresses never lock the user's own address", async () => {
  const email = "target@example.com";
  await users.createUser({ email, role: "admin", password: PASSWORD });
  for (let a = 1; a <= 3; a++) for (let i = 0; i < LIMIT + 2; i++) await login(email, `guess ${i}`, `203.0.113.${a}`);
  const summary = await users.findUserByEmail(email);
  assert.deepEqual(summary?.lockouts.map((l) => [l.address, l.failures]).sort(), [
    ["203.0.113.1", LIMIT],
    ["203.0.113.2", LIMIT],
    ["203.0.113.3", LIMIT],
  ]);
  assert.ok(await login(email, PASSWORD, HOME));
});

test("concurrent failures are all counted", async () => {
  const email = "burst@example.com";
  await users.createUser({ email, role: "analyst", password: PASSWORD });
  await Promise.all(Array.from({ length: LIMIT }, (_, i) => login(email, `wrong password ${i}`, STRANGER)));
  const [row] = await locks(email);
  assert.equal(row.failures, LIMIT);
  assert.ok(row.lockedUntil && row.lockedUntil > new Date(), "locked after five parallel failures");
});

test("dead counts of other addresses are cleared as failures are recorded", async () => {
  const email = "sweep@example.com";
  await users.createUser({ email, role: "analyst", password: PASSWORD });
  await login(email, "wrong password!", "192.0.2.1");
  await login(email, "wrong password!", "192.0.2.2");
  await prisma.signInLock.updateMany({
    where: { address: "192.0.2.1" },
    data: { lastFailureAt: new Date(Date.now() - SIGN_IN_LOCKOUT.ms - 1000) },
  });
  await login(email, "wrong password!", "192.0.2.3");
  assert.deepEqual(
    (await locks(email)).map((l) => l.address),
    ["192.0.2.2", "192.0.2.3"],
  );
});

test("resetPassword replaces the password, lifts every lock-out and ends the user's sessions", async () => {
  const email = "reset@example.com";
  const { id } = await users.createUser({ email, role: "marketer", password: PASSWORD });
  for (let i = 0; i < LIMIT; i++) await login(email, "wrong password!");
  assert.equal(await login(email, PASSWORD), null);
  const before = (await users.findSessionUser(id))!.sessionVersion;

  const updated = await users.resetPassword("RESET@example.com", "a brand new password");
  assert.equal(updated.email, email);
  assert.deepEqual(updated.lockouts, []);
  assert.equal((await users.findSessionUser(id))!.sessionVersion, before + 1);
  assert.ok(await login(email, "a brand new password"));
  assert.equal(await login(email, PASSWORD), null);

  await users.resetPasswordById(id, "another new password");
  assert.equal((await users.findSessionUser(id))!.sessionVersion, before + 2);

  await assert.rejects(users.resetPassword("nobody@example.com", "a brand new password"), UserNotFoundError);
  await assert.rejects(users.resetPassword(email, "short"), WeakPasswordError);
  assert.ok(await login(email, "another new password"), "a refused reset changes nothing");
  assert.equal((await users.findSessionUser(id))!.sessionVersion, before + 2);
});

test("a role change ends the user's sessions; a rename or the same role does not; unlock lifts every lock", async () => {
  const email = "roles@example.com";
  const { id } = await users.createUser({ email, role: "marketer", password: PASSWORD });
  const version = async () => (await users.findSessionUser(id))!.sessionVersion;
  await users.updateUser(id, { name: "R", role: "marketer" });
  assert.equal(await version(), 0);
  await users.updateUser(id, { role: "analyst" });
  assert.equal(await version(), 1);

  for (const address of [HOME, STRANGER]) for (let i = 0; i < LIMIT; i++) await login(email, "wrong password!", address);
  assert.equal((await users.findUserById(id))?.lockouts.length, 2);
  const unlocked = await users.updateUser(id, { unlock: true });
  assert.deepEqual(unlocked?.lockouts, []);
  assert.ok(await login(email, PASSWORD, STRANGER));
  assert.equal(await version(), 1, "an unlock leaves sessions alone");
});

test("endSessions moves the version on once, and a stale session's sign-out ends nothing newer", async () => {
  const { id } = await users.createUser({ email: "out@example.com", role: "analyst", password: PASSWORD });
  await users.endSessions(id, 0);
  assert.equal((await users.findSessionUser(id))!.sessionVersion, 1);
  await users.endSessions(id, 0);
  assert.equal((await users.findSessionUser(id))!.sessionVersion, 1);
});

test("a successful login upgrades a hash made with older parameters", async () => {
  const email = "legacy@example.com";
  const user = await users.createUser({ email, role: "analyst", password: PASSWORD });
  const salt = randomBytes(16);
  const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  const legacy = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
  await prisma.user.update({ where: { id: user.id }, data: { passwordHash: legacy } });

  assert.ok(await login(email, PASSWORD));
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.match(row.passwordHash, /^scrypt\$32768\$/);
  assert.ok(await login(email, PASSWORD));
});
