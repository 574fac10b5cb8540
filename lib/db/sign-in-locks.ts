import { prisma } from "./client";
import { Prisma } from "@/lib/generated/prisma/client";
import { SIGN_IN_LOCKOUT } from "@/lib/access/sign-in-lockout";

// A row is dead once its lock has passed, or when it locked nothing and its last failure is older
// than a lock would last: a count starts again then, and dead rows are cleared as others are written.
// Failures against an email nobody has are counted the same way (sign_in_misses): a lock must not
// tell a stranger which emails have accounts.

/** A lock in force: which address may not sign in to the user, until when, after how many failures. */
export type SignInLockout = { address: string; failures: number; lockedUntil: Date };

/** Whose sign-ins are counted: a user's, or an email's that belongs to no user. */
export type SignInSubject = { userId: number } | { email: string };

/** Select the user's locks in force at `now` (for a user summary). */
export const lockoutsSelect = (now: Date) =>
  ({
    where: { lockedUntil: { gt: now } },
    orderBy: { lockedUntil: "desc" },
    select: { address: true, failures: true, lockedUntil: true },
  }) as const satisfies Prisma.User$signInLocksArgs;

/** The tally of `address` against the subject: until when it is locked (null when it is not), and whether there is a row to clear. */
export async function signInTally(
  subject: SignInSubject,
  address: string,
  now: Date,
): Promise<{ lockedUntil: Date | null; exists: boolean }> {
  const row =
    "userId" in subject
      ? await prisma.signInLock.findUnique({ where: { userId_address: { userId: subject.userId, address } } })
      : await prisma.signInMiss.findUnique({ where: { email_address: { email: subject.email, address } } });
  const lockedUntil = row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
  return { lockedUntil, exists: row !== null };
}

/**
 * Counts a failure of `address` against the subject, locking the pair at the limit, and answers
 * the lock when there is one: one atomic statement, so concurrent attempts on several instances
 * all count. Dead rows of the user's other addresses (for misses: any dead row) are cleared on the
 * way, so a stranger trying many addresses or emails leaves nothing behind.
 */
export async function recordFailedSignIn(subject: SignInSubject, address: string, now: Date): Promise<Date | null> {
  const until = new Date(now.getTime() + SIGN_IN_LOCKOUT.ms);
  const stale = new Date(now.getTime() - SIGN_IN_LOCKOUT.ms);
  const max = SIGN_IN_LOCKOUT.failures;
  const [table, key, value, scope] =
    "userId" in subject
      ? [Prisma.raw("sign_in_locks"), Prisma.raw("user_id"), subject.userId, Prisma.sql`user_id = ${subject.userId} AND`]
      : [Prisma.raw("sign_in_misses"), Prisma.raw("email"), subject.email, Prisma.empty];
  const [row] = await prisma.$queryRaw<{ locked_until: Date | null }[]>`
    WITH dead AS (
      DELETE FROM ${table}
       WHERE ${scope} address <> ${address}
         AND (locked_until <= ${now} OR (locked_until IS NULL AND last_failure_at <= ${stale}))
    )
    INSERT INTO ${table} AS l (${key}, address, failures, last_failure_at, locked_until)
    VALUES (${value}, ${address}, 1, ${now}, CASE WHEN 1 >= ${max} THEN ${until}::timestamptz END)
    ON CONFLICT (${key}, address) DO UPDATE SET
      failures = CASE WHEN l.locked_until <= ${now} OR (l.locked_until IS NULL AND l.last_failure_at <= ${stale})
                      THEN 1 ELSE l.failures + 1 END,
      locked_until = CASE
        WHEN l.locked_until > ${now} THEN l.locked_until
        WHEN l.locked_until IS NULL AND l.last_failure_at > ${stale} AND l.failures + 1 >= ${max} THEN ${until}::timestamptz
        ELSE NULL END,
      last_failure_at = ${now}
    RETURNING locked_until`;
  return row?.locked_until ?? null;
}

/** Forgets the tally of one address (a success from it), or all of the user's (an unlock, a new password). */
export async function clearSignInLocks(
  userId: number,
  address?: string,
  db: Pick<Prisma.TransactionClient, "signInLock"> = prisma,
): Promise<void> {
  await db.signInLock.deleteMany({ where: address === undefined ? { userId } : { userId, address } });
}
