import { prisma } from "./client";
import { Prisma, type Role, type User } from "@/lib/generated/prisma/client";
import { EmailTakenError, InvalidEmailError, InvalidRoleError, UserNotFoundError } from "@/lib/access/errors";
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from "@/lib/access/passwords";
import { isUserRole } from "@/lib/access/roles";
import { conflict } from "@/lib/errors";
import type { Json } from "@/lib/wire";
import { EMAIL_MAX_CHARS, EMAIL_PATTERN } from "@/lib/limits";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import {
  clearSignInLocks,
  lockoutsSelect,
  recordFailedSignIn,
  signInTally,
  type SignInLockout,
  type SignInSubject,
} from "./sign-in-locks";

/** A user as the rest of the app sees one: never the password hash. */
export type UserSummary = {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  /** Addresses locked out of this account now (lib/db/sign-in-locks.ts). */
  lockouts: SignInLockout[];
};

/** A user as the API answers with one. */
export type UserView = Json<UserSummary>;

const summarySelect = (now = new Date()) =>
  ({
    id: true,
    email: true,
    name: true,
    role: true,
    createdAt: true,
    signInLocks: lockoutsSelect(now),
  }) as const satisfies Prisma.UserSelect;

type SummaryRow = Pick<User, "id" | "email" | "name" | "role" | "createdAt"> & {
  signInLocks: { address: string; failures: number; lockedUntil: Date | null }[];
};

function toSummary(user: SummaryRow): UserSummary {
  const { id, email, name, role, createdAt, signInLocks } = user;
  const lockouts = signInLocks.map(({ address, failures, lockedUntil }) => ({ address, failures, lockedUntil: lockedUntil! }));
  return { id, email, name, role, createdAt, lockouts };
}

export function normalizeEmail(email: string): string {
  return String(email ?? "")
    .trim()
    .toLowerCase();
}

function checkedEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (normalized.length > EMAIL_MAX_CHARS || !EMAIL_PATTERN.test(normalized)) throw new InvalidEmailError(normalized);
  return normalized;
}

export async function createUser(
  input: { email: string; name?: string; role: Role; password: string },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<UserSummary> {
  const email = checkedEmail(input.email);
  if (!isUserRole(input.role)) throw new InvalidRoleError(String(input.role));
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await audited(
      actor,
      (tx) =>
        tx.user.create({
          data: { email, name: input.name?.trim() ?? "", role: input.role, passwordHash },
          select: summarySelect(),
        }),
      (created) => ({ action: "user.create", target: userTarget(created), after: userSnapshot(created) }),
    );
    return toSummary(user);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError(email);
    throw error;
  }
}

/** Sets a new password by email (the CLI), lifts any lock-out and ends the user's sessions. */
export async function resetPassword(email: string, password: string, actor: AuditActor = SYSTEM_ACTOR): Promise<UserSummary> {
  const normalized = normalizeEmail(email);
  const user = await setPassword({ email: normalized }, password, actor);
  if (!user) throw new UserNotFoundError(normalized);
  return user;
}

/** A user as the audit log names them, and what it keeps of one. */
const userTarget = (user: Pick<User, "id" | "email">) => ({ type: "user" as const, id: user.id, label: user.email });
const userSnapshot = ({ email, name, role, signInLocks }: Pick<SummaryRow, "email" | "name" | "role" | "signInLocks">) => ({
  email,
  name,
  role,
  lockedOut: signInLocks.map((lock) => lock.address).join(", "),
});

/**
 * A new password ends every session of the user (a new session version) and lifts every lock-out;
 * the audit log records it as changed, never either hash.
 */
async function setPassword(
  where: { id: number } | { email: string },
  password: string,
  actor: AuditActor,
): Promise<UserSummary | null> {
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where, select: { ...summarySelect(), passwordHash: true } });
    if (!before) return null;
    await tx.user.update({ where: { id: before.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await clearSignInLocks(before.id, undefined, tx);
    const user = await tx.user.findUniqueOrThrow({ where: { id: before.id }, select: summarySelect() });
    await recordAudit(tx, actor, {
      action: "user.password",
      target: userTarget(user),
      before: { password: before.passwordHash, lockedOut: userSnapshot(before).lockedOut },
      after: { password: passwordHash, lockedOut: userSnapshot(user).lockedOut },
    });
    return toSummary(user);
  });
}

export async function findUserByEmail(email: string): Promise<UserSummary | null> {
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: summarySelect() });
  return user && toSummary(user);
}

export async function findUserById(id: number): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const user = await prisma.user.findUnique({ where: { id }, select: summarySelect() });
  return user && toSummary(user);
}

/** A signed-in user as a session check needs one: the version its cookie must carry. */
export type SessionUser = Pick<UserSummary, "id" | "email" | "name" | "role"> & { sessionVersion: number };

const sessionUserSelect = { id: true, email: true, name: true, role: true, sessionVersion: true } as const;

export async function findSessionUser(id: number): Promise<SessionUser | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return prisma.user.findUnique({ where: { id }, select: sessionUserSelect });
}

/** Ends every session of the user, unless the signing-out session is already stale (it cannot end newer ones). */
export async function endSessions(id: number, sessionVersion: number): Promise<void> {
  if (!Number.isSafeInteger(id) || id <= 0 || !Number.isSafeInteger(sessionVersion)) return;
  await prisma.user.updateMany({ where: { id, sessionVersion }, data: { sessionVersion: { increment: 1 } } });
}

export async function listUsers(): Promise<UserSummary[]> {
  const users = await prisma.user.findMany({ orderBy: { id: "asc" }, select: summarySelect() });
  return users.map(toSummary);
}

export async function countAdmins(): Promise<number> {
  return prisma.user.count({ where: { role: "admin" } });
}

// Compared against when the email is unknown, so a miss costs the same scrypt as a hit.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("qudao-dummy-password-never-matches");
  return dummyHash;
}

/** What a sign-in attempt came to: the user, a lock in force on the address, or a wrong email or password. */
export type SignInResult = { user: SessionUser } | { lockedUntil: Date } | { wrong: true };

/**
 * The user when email and password match and `address` is not locked out of the account. Failures
 * from one address lock only that address (lib/db/sign-in-locks.ts), so a stranger cannot lock the
 * user out; a success from it clears its count. An unknown email is counted and locked just the
 * same, so neither "wrong" nor "locked" tells whether the email has an account.
 */
export async function attemptSignIn(email: string, password: string, address: string): Promise<SignInResult> {
  const normalized = normalizeEmail(email);
  const user = normalized
    ? await prisma.user.findUnique({ where: { email: normalized }, select: { ...sessionUserSelect, passwordHash: true } })
    : null;
  const ok = await verifyPassword(String(password ?? ""), user?.passwordHash ?? (await getDummyHash()));
  const subject: SignInSubject = user ? { userId: user.id } : { email: normalized.slice(0, EMAIL_MAX_CHARS) };

  const now = new Date();
  const tally = await signInTally(subject, address, now);
  // While locked, even the right password is refused, and attempts do not extend the lock.
  if (tally.lockedUntil) return { lockedUntil: tally.lockedUntil };
  if (!user || !ok) {
    const lockedUntil = await recordFailedSignIn(subject, address, now);
    return lockedUntil ? { lockedUntil } : { wrong: true };
  }
  if (tally.exists) await clearSignInLocks(user.id, address);
  if (needsRehash(user.passwordHash)) {
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  const { passwordHash: _, ...signedIn } = user;
  return { user: signedIn };
}

/** The user when the sign-in succeeds; null otherwise, without saying why. */
export async function verifyLogin(email: string, password: string, address: string): Promise<SessionUser | null> {
  const result = await attemptSignIn(email, password, address);
  return "user" in result ? result.user : null;
}

/** Refused because the change would leave nobody able to administer the installation. */
export const lastAdminError = () => conflict("last_admin", "this is the only admin: make another user admin first", "role");

type Tx = Prisma.TransactionClient;

/**
 * Throws unless an admin other than `userId` exists. Locks every admin row, so two concurrent
 * demotions or deletions (on any instance) cannot both count on each other.
 */
async function ensureAnotherAdmin(tx: Tx, userId: number): Promise<void> {
  const admins = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM users WHERE role = 'admin' FOR UPDATE`;
  if (!admins.some((admin) => admin.id !== userId)) throw lastAdminError();
}

/**
 * Renames, changes the role (which ends the user's sessions) or lifts every lock-out. Never demotes
 * the last admin. Null when no such user.
 */
export async function updateUser(
  id: number,
  patch: { name?: string; role?: Role; unlock?: boolean },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (patch.role !== undefined && !isUserRole(patch.role)) throw new InvalidRoleError(String(patch.role));
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: summarySelect() });
    if (!user) return null;
    if (user.role === "admin" && patch.role !== undefined && patch.role !== "admin") await ensureAnotherAdmin(tx, id);
    const data: Prisma.UserUpdateInput = {};
    if (patch.name !== undefined) data.name = patch.name.trim();
    if (patch.role !== undefined && patch.role !== user.role)
      Object.assign(data, { role: patch.role, sessionVersion: { increment: 1 } });
    if (patch.unlock) await clearSignInLocks(id, undefined, tx);
    const updated = await tx.user.update({ where: { id }, data, select: summarySelect() });
    const action = updated.role === user.role ? "user.update" : "user.role";
    await recordAudit(tx, actor, { action, target: userTarget(user), before: userSnapshot(user), after: userSnapshot(updated) });
    return toSummary(updated);
  });
}

/** Sets a new password by id (an admin), lifts any lock-out and ends the user's sessions. Null when no such user. */
export async function resetPasswordById(
  id: number,
  password: string,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return setPassword({ id }, password, actor);
}

/** Deletes a user; never the last admin. Returns the deleted user, or null when there was none. */
export async function deleteUser(id: number, actor: AuditActor = SYSTEM_ACTOR): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: summarySelect() });
    if (!user) return null;
    if (user.role === "admin") await ensureAnotherAdmin(tx, id);
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "user.delete", target: userTarget(user), before: userSnapshot(user) });
    return toSummary(user);
  });
}
