import path from "node:path";
import { pool } from "./client";
import { readMigrations } from "./migrate";

/** How long a health check waits for the database before it calls it unreachable. */
export const HEALTH_TIMEOUT_MS = 2_000;

export type Check = { ok: true; [fact: string]: unknown } | { ok: false; problem: string; [fact: string]: unknown };

class Timeout extends Error {}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Why the database did not answer, in words without secrets (no URL, no server message). */
function unreachable(error: unknown): string {
  if (error instanceof Timeout) return `no answer within ${HEALTH_TIMEOUT_MS} ms`;
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? `cannot reach the database (${code})` : "cannot reach the database";
}

export async function checkDatabase(): Promise<Check> {
  const started = performance.now();
  try {
    await within(pool().query("SELECT 1"), HEALTH_TIMEOUT_MS);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, problem: unreachable(error) };
  }
}

// The migrations shipped with this version do not change while it runs: read (and hashed) once.
let shipped: Map<string, string> | undefined;

type HistoryRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

/** The database's migration history against prisma/migrations: none pending, none failed, none unknown or edited. */
export async function checkMigrations(dir = path.resolve("prisma/migrations")): Promise<Check> {
  try {
    shipped ??= new Map(readMigrations(dir).map((m) => [m.name, m.checksum]));
  } catch {
    return { ok: false, problem: "cannot read the shipped migrations (prisma/migrations)" };
  }
  let rows: HistoryRow[];
  try {
    rows = (
      await within(
        pool().query<HistoryRow>(
          `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
        ),
        HEALTH_TIMEOUT_MS,
      )
    ).rows;
  } catch (error) {
    if ((error as { code?: unknown }).code === "42P01") return { ok: false, problem: "no migration has been applied" };
    return { ok: false, problem: unreachable(error) };
  }
  const live = rows.filter((r) => r.rolled_back_at === null);
  const applied = new Map(live.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]));
  const failed = live.filter((r) => r.finished_at === null).map((r) => r.migration_name);
  const pending = [...shipped.keys()].filter((name) => !applied.has(name) && !failed.includes(name));
  const unknown = [...applied.keys()].filter((name) => !shipped!.has(name));
  const edited = [...applied].filter(([name, sum]) => shipped!.has(name) && shipped!.get(name) !== sum).map(([name]) => name);
  const problems = [
    failed.length && `failed: ${failed.join(", ")}`,
    pending.length && `pending: ${pending.join(", ")}`,
    unknown.length && `applied but not shipped with this version: ${unknown.join(", ")}`,
    edited.length && `changed after they were applied: ${edited.join(", ")}`,
  ].filter(Boolean);
  if (problems.length) return { ok: false, problem: problems.join("; "), failed, pending, unknown, edited };
  return { ok: true, applied: applied.size };
}
