import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

type Db = { pool: pg.Pool; prisma: PrismaClient };

// One pool per process, shared by Prisma and the few raw-SQL hot paths (survives Next's dev reloads).
const globalForDb = globalThis as unknown as { qudaoDb?: Db };

function connect(): Db {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set (start the app with `npm start`)");
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  pool.on("error", () => {}); // an idle client lost during a database restart is replaced on next use
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
}

function db(): Db {
  return (globalForDb.qudaoDb ??= connect());
}

export const prisma = new Proxy({} as PrismaClient, {
  get: (_target, property) => Reflect.get(db().prisma, property),
});

export function pool(): pg.Pool {
  return db().pool;
}

export async function disconnect() {
  const current = globalForDb.qudaoDb;
  globalForDb.qudaoDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
  }
}
