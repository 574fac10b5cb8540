import { prisma } from "./client";
import { Prisma, type Role, type User } from "@/lib/generated/prisma/client";
import { EmailTakenError, InvalidEmailError, InvalidRoleError, UserNotFoundError } from "@/lib/auth/errors";
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/passwords";
import { isRole } from "@/lib/auth/roles";

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
  return String(email ?? "").trim().toLowerCase();
}

function checkedEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (normalized.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(normalized)) throw new InvalidEmailError(normalized);
  return normalized;
}

export async function createUser(input: {
  email: string;
  name?: string;
  role: Role;
  password: string;
}): Promise<UserSummary> {
  const email = checkedEmail(input.email);
  if (!isRole(input.role)) throw new InvalidRoleError(String(input.role));
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.user.create({
      data: { email, name: input.name?.trim() ?? "", role: input.role, passwordHash },
      select: summarySelect,
    });
    return toSummary(user);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError(email);
    throw error;
  }
}

/** Sets a new password and lifts any lock-out. */
export async function resetPassword(email: string, password: string): Promise<UserSummary> {
  const normalized = normalizeEmail(email);
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  const updated = await prisma.user.updateManyAndReturn({
    where: { email: normalized },
    data: { passwordHash, failedLogins: 0, lockedUntil: null },
    select: summarySelect,
  });
  if (updated.length === 0) throw new UserNotFoundError(normalized);
  return toSummary(updated[0]);
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
  return (dummyHash ??= hashPassword("qudao-dummy-password-never-matches"));
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
