import { prisma } from "./client";
import { Prisma, type Role, type User } from "@/lib/generated/prisma/client";
import { EmailTakenError, InvalidEmailError, InvalidRoleError, UserNotFoundError } from "@/lib/access/errors";
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from "@/lib/access/passwords";
import { isRole } from "@/lib/access/roles";
import { conflict } from "@/lib/errors";
import type { Json } from "@/lib/wire";
import { EMAIL_MAX_CHARS, EMAIL_PATTERN } from "@/lib/limits";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";

/** Consecutive failed logins that lock an account, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** A user as the rest of the app sees one: never the password hash. */
export type UserSummary = {
  id: number;
  email: string;
  name: string;
  role: Role;
  failedLogins: number;
  lockedUntil: Date | null;
  createdAt: Date;
};

/** A user as the API answers with one. */
export type UserView = Json<UserSummary>;

const summarySelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  failedLogins: true,
  lockedUntil: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

function toSummary(user: Pick<User, keyof typeof summarySelect>): UserSummary {
  const { id, email, name, role, failedLogins, lockedUntil, createdAt } = user;
  return { id, email, name, role, failedLogins, lockedUntil, createdAt };
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
  if (!isRole(input.role)) throw new InvalidRoleError(String(input.role));
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await audited(
      actor,
      (tx) =>
        tx.user.create({
          data: { email, name: input.name?.trim() ?? "", role: input.role, passwordHash },
          select: summarySelect,
        }),
      (created) => ({ action: "user.create", target: userTarget(created), after: userSnapshot(created) }),
    );
    return toSummary(user);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError(email);
    throw error;
  }
}

/** Sets a new password and lifts any lock-out. */
export async function resetPassword(email: string, password: string, actor: AuditActor = SYSTEM_ACTOR): Promise<UserSummary> {
  const normalized = normalizeEmail(email);
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  const updated = await setPasswordAudited({ email: normalized }, passwordHash, actor);
  if (!updated) throw new UserNotFoundError(normalized);
  return updated;
}

/** A user as the audit log names them, and what it keeps of one. */
const userTarget = (user: Pick<User, "id" | "email">) => ({ type: "user" as const, id: user.id, label: user.email });
const userSnapshot = ({ email, name, role, lockedUntil }: Pick<User, "email" | "name" | "role" | "lockedUntil">) => ({
  email,
  name,
  role,
  lockedUntil,
});

/** A new password hash (lifting any lock-out), recorded as changed: the log never holds either hash. */
async function setPasswordAudited(where: Prisma.UserWhereUniqueInput, passwordHash: string, actor: AuditActor) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where, select: { ...summarySelect, passwordHash: true } });
    if (!before) return null;
    const user = await tx.user.update({
      where: { id: before.id },
      data: { passwordHash, failedLogins: 0, lockedUntil: null },
      select: summarySelect,
    });
    await recordAudit(tx, actor, {
      action: "user.password",
      target: userTarget(user),
      before: { password: before.passwordHash, lockedUntil: before.lockedUntil },
      after: { password: passwordHash, lockedUntil: user.lockedUntil },
    });
    return toSummary(user);
  });
}

export async function findUserByEmail(email: string): Promise<UserSummary | null> {
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: summarySelect });
  return user && toSummary(user);
}

export async function findUserById(id: number): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const user = await prisma.user.findUnique({ where: { id }, select: summarySelect });
  return user && toSummary(user);
}

export async function listUsers(): Promise<UserSummary[]> {
  const users = await prisma.user.findMany({ orderBy: { id: "asc" }, select: summarySelect });
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

/**
 * The user when email and password match and the account is not locked; otherwise null, without
 * saying why. Five consecutive failures lock the account for 15 minutes; a success resets the count.
 */
export async function verifyLogin(email: string, password: string): Promise<UserSummary | null> {
  const normalized = normalizeEmail(email);
  const user = normalized
    ? await prisma.user.findUnique({ where: { email: normalized }, select: { ...summarySelect, passwordHash: true } })
    : null;
  const ok = await verifyPassword(String(password ?? ""), user?.passwordHash ?? (await getDummyHash()));
  if (!user) return null;

  const now = new Date();
  // While locked, even the right password is refused, and attempts do not extend the lock.
  if (user.lockedUntil && user.lockedUntil > now) return null;

  if (!ok) {
    await recordFailedLogin(user.id, now);
    return null;
  }

  const data: Prisma.UserUpdateInput = { failedLogins: 0, lockedUntil: null };
  if (needsRehash(user.passwordHash)) data.passwordHash = await hashPassword(password);
  if (user.failedLogins !== 0 || user.lockedUntil !== null || data.passwordHash) {
    await prisma.user.update({ where: { id: user.id }, data });
  }
  return toSummary({ ...user, failedLogins: 0, lockedUntil: null });
}

/** One atomic statement, so concurrent attempts on several instances all count. */
async function recordFailedLogin(userId: number, now: Date): Promise<void> {
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
  await prisma.$executeRaw`
    UPDATE users
       SET failed_logins = CASE WHEN failed_logins + 1 >= ${MAX_FAILED_LOGINS} THEN 0 ELSE failed_logins + 1 END,
           locked_until  = CASE WHEN failed_logins + 1 >= ${MAX_FAILED_LOGINS} THEN ${lockedUntil} ELSE locked_until END
     WHERE id = ${userId}`;
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

/** Renames, changes the role or lifts a lock-out. Never demotes the last admin. Null when no such user. */
export async function updateUser(
  id: number,
  patch: { name?: string; role?: Role; unlock?: boolean },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (patch.role !== undefined && !isRole(patch.role)) throw new InvalidRoleError(String(patch.role));
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: summarySelect });
    if (!user) return null;
    if (user.role === "admin" && patch.role !== undefined && patch.role !== "admin") await ensureAnotherAdmin(tx, id);
    const data: Prisma.UserUpdateInput = {};
    if (patch.name !== undefined) data.name = patch.name.trim();
    if (patch.role !== undefined) data.role = patch.role;
    if (patch.unlock) Object.assign(data, { failedLogins: 0, lockedUntil: null });
    const updated = await tx.user.update({ where: { id }, data, select: summarySelect });
    const action = updated.role === user.role ? "user.update" : "user.role";
    await recordAudit(tx, actor, { action, target: userTarget(user), before: userSnapshot(user), after: userSnapshot(updated) });
    return toSummary(updated);
  });
}

/** Sets a new password by id and lifts any lock-out. Null when no such user. */
export async function resetPasswordById(
  id: number,
  password: string,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  checkPasswordPolicy(password);
  return setPasswordAudited({ id }, await hashPassword(password), actor);
}

/** Deletes a user; never the last admin. Returns the deleted user, or null when there was none. */
export async function deleteUser(id: number, actor: AuditActor = SYSTEM_ACTOR): Promise<UserSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: summarySelect });
    if (!user) return null;
    if (user.role === "admin") await ensureAnotherAdmin(tx, id);
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "user.delete", target: userTarget(user), before: userSnapshot(user) });
    return toSummary(user);
  });
}
