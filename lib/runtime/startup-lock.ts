import { mkdirSync, rmSync, statSync } from "node:fs";
import pg from "pg";

const BOOTSTRAP_LOCK = 72707370; // next to Prisma's migrate lock (72707369)

/** Runs `fn` while holding a database-wide lock, so instances starting together seed once. */
export async function withDatabaseLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [BOOTSTRAP_LOCK]);
    return await fn();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [BOOTSTRAP_LOCK]).catch(() => {});
    await client.end();
  }
}

/**
 * Runs `fn` while holding a lock directory, so instances started from one checkout do not build
 * into the same folder at once. A lock older than `staleMs` is from a crashed start and is taken over.
 */
export async function withDirectoryLock<T>(dir: string, fn: () => T | Promise<T>, staleMs = 15 * 60_000): Promise<T> {
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = statSync(dir, { throwIfNoEntry: false });
      if (!held) continue; // released just now
      if (Date.now() - held.mtimeMs > staleMs) rmSync(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
