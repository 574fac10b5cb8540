import { prisma } from "./client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SIGN_IN_LOCKOUT } from "@/lib/access/sign-in-lockout";

// A row is dead once its lock has passed, or when it locked nothing and its last failure is older
// than a lock would last: a count starts again then, and dead rows are cleared as others are written.

/** A lock in force: which address may not sign in to the user, until when, after how many failures. */
export type SignInLockout = { address: string; failures: number; lockedUntil: Date };

/** Select the user's locks in force at `now` (for a user summary). */
export const lockoutsSelect = (now: Date) =>
  ({
    where: { lockedUntil: { gt: now } },
    orderBy: { lockedUntil: "desc" },
    select: { address: true, failures: true, lockedUntil: true },
  }) as const satisfies Prisma.User$signInLocksArgs;

/** The tally of `address` against the user: whether it is locked now, and whether there is a row to clear. */
export async function signInTally(userId: number, address: string, now: Date): Promise<{ locked: boolean; exists: boolean }> {
  const row = await prisma.signInLock.findUnique({ where: { userId_address: { userId, address } } });
  return { locked: Boolean(row?.lockedUntil && row.lockedUntil > now), exists: row !== null };
}

/**
 * Counts a failure of `address` against the user, locking the pair at the limit: one atomic
 * statement, so concurrent attempts on several instances all count. Dead rows of the user's other
 * addresses are cleared on the way, so a stranger trying many addresses leaves nothing behind.
 */
export async function recordFailedSignIn(userId: number, address: string, now: Date): Promise<void> {
  const until = new Date(now.getTime() + SIGN_IN_LOCKOUT.ms);
  const stale = new Date(now.getTime() - SIGN_IN_LOCKOUT.ms);
  const max = SIGN_IN_LOCKOUT.failures;
  await prisma.$executeRaw`
    WITH dead AS (
      DELETE FROM sign_in_locks
       WHERE user_id = ${userId} AND address <> ${address}
         AND (locked_until <= ${now} OR (locked_until IS NULL AND last_failure_at <= ${stale}))
    )
    INSERT INTO sign_in_locks AS l (user_id, address, failures, last_failure_at, locked_until)
    VALUES (${userId}, ${address}, 1, ${now}, CASE WHEN 1 >= ${max} THEN ${until}::timestamptz END)
    ON CONFLICT (user_id, address) DO UPDATE SET
      failures = CASE WHEN l.locked_until <= ${now} OR (l.locked_until IS NULL AND l.last_failure_at <= ${stale})
                      THEN 1 ELSE l.failures + 1 END,
      locked_until = CASE
        WHEN l.locked_until > ${now} THEN l.locked_until
        WHEN l.locked_until IS NULL AND l.last_failure_at > ${stale} AND l.failures + 1 >= ${max} THEN ${until}::timestamptz
        ELSE NULL END,
      last_failure_at = ${now}`;
}

/** Forgets the tally of one address (a success from it), or all of the user's (an unlock, a new password). */
export async function clearSignInLocks(
  userId: number,
  address?: string,
  db: Pick<Prisma.TransactionClient, "signInLock"> = prisma,
): Promise<void> {
  await db.signInLock.deleteMany({ where: address === undefined ? { userId } : { userId, address } });
}
