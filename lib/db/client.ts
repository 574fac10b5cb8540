import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";

type Db = { pool: pg.Pool; prisma: PrismaClient };

// One pool per process, shared by Prisma and the few raw-SQL hot paths (survives Next's dev reloads,
// and is the same pool for the webhook front and Next's route handlers in one server process).
const globalForDb = globalThis as unknown as { qudaoDb?: Db };

/**
 * A connection that sends its next query once the last one is answered. Prisma's client runs the
 * reads of a nested include side by side, and inside a transaction they share one connection, where
 * pg would queue them itself with a deprecation warning (an error from pg 9 on): prisma/orm#29468.
 * Callback and streaming queries (the pool's own, cursors) go straight through.
 */
class OneQueryAtATime extends pg.Client {
  #last: Promise<unknown> = Promise.resolve();

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this passes them all through
  override query(...args: any[]): any {
    const streamed = typeof args.at(-1) === "function" || typeof args[0]?.submit === "function";
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const send = () => (super.query as (...a: any[]) => any).apply(this, args);
    if (streamed) return send();
    const answer = this.#last.then(send);
    this.#last = answer.catch(() => {});
    return answer;
  }
}

function connect(): Db {
  const { databaseUrl: connectionString, databasePoolSize } = config();
  if (!connectionString) throw new Error("DATABASE_URL is not set (start the app with `npm start`)");
  // A connection attempt that hangs (a server half-way through a restart) fails after 10 s instead of
  // never, and TCP keep-alive notices a peer that went away; neither limits how long a query may run.
  // Idle connections do not keep a process alive (the CLI, a test file): the server's listener does.
  const pool = new pg.Pool({
    connectionString,
    max: databasePoolSize,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    allowExitOnIdle: true,
    Client: OneQueryAtATime,
  });
  pool.on("error", () => {}); // an idle client lost during a database restart is replaced on next use
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
}

function db(): Db {
  globalForDb.qudaoDb ??= connect();
  return globalForDb.qudaoDb;
}

export const prisma = new Proxy({} as PrismaClient, {
  get: (_target, property) => Reflect.get(db().prisma, property),
});

export function pool(): pg.Pool {
  return db().pool;
}

/** Throws unless the database answers. */
export async function pingDatabase(): Promise<void> {
  await pool().query("SELECT 1");
}

/** Deadlocks and serialization failures: the transaction may simply be run again. */
const RETRYABLE = new Set(["40P01", "40001"]);

/** PostgreSQL refused the data itself (class 22: data exception, 23: integrity constraint). */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}

/** Runs `fn` in a transaction on one pooled connection; run again (up to 3 times) after a deadlock. */
export async function inTransaction<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool().connect();
    let broken: Error | undefined;
    const onLost = (error: Error) => {
      broken = error; // a connection lost between statements: unheard, this event would end the process
    };
    client.on("error", onLost);
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((e: Error) => (broken = e));
      const code = (error as { code?: string }).code;
      if (attempt < 3 && code && RETRYABLE.has(code)) continue;
      throw error;
    } finally {
      client.off("error", onLost);
      client.release(broken);
    }
  }
}

export async function disconnect() {
  const current = globalForDb.qudaoDb;
  globalForDb.qudaoDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
  }
}
