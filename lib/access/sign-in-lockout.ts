/**
 * Failed sign-ins in a row that lock one address out of one account, and for how long. A count
 * whose last failure is older than the lock's duration starts again (lib/db/sign-in-locks.ts).
 */
export const SIGN_IN_LOCKOUT = { failures: 5, ms: 15 * 60 * 1000 } as const;

/**
 * The sign-in's error for a locked address, as next-auth hands it to the browser: the lock's end,
 * so the form can say when to try again. Every other failure is next-auth's "CredentialsSignin".
 */
export const lockedSignInError = (until: Date) => `locked:${until.toISOString()}`;

/** The lock's end in a sign-in error, or null when the error is another. */
export function lockedUntilOf(error: string | null | undefined): Date | null {
  const match = /^locked:(\d{4}-\d\d-\d\dT[\d:.]+Z)$/.exec(error ?? "");
  const until = match ? new Date(match[1]) : null;
  return until && !Number.isNaN(until.getTime()) ? until : null;
}
