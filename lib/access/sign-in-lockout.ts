/**
 * Failed sign-ins in a row that lock one address out of one account, and for how long. A count
 * whose last failure is older than the lock's duration starts again (lib/db/sign-in-locks.ts).
 */
export const SIGN_IN_LOCKOUT = { failures: 5, ms: 15 * 60 * 1000 } as const;
