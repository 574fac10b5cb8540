import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/runtime/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";

export type OwnPostgres = {
  url: string;
  port: number;
  /** Stops the server (fast shutdown: sessions are ended), waits `downMs`, starts it again on the same port. */
  restart: (downMs?: number) => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * A PostgreSQL of the test's own, migrated, for faults that touch the database server itself
 * (the shared test server is never stopped).
 */
export async function ownPostgres(): Promise<OwnPostgres> {
  const root = mkdtempSync(path.join(tmpdir(), "qudao-fault-pg-"));
  chmodSync(root, 0o755); // PostgreSQL may run as another user
  const opts = { dir: path.join(root, "pg"), password: "fault", database: "qudao" };
  let db: EmbeddedDatabase = await startEmbeddedPostgres(opts);
  await applyMigrations(db.url);
  const port = Number(new URL(db.url).port);
  return {
    url: db.url,
    port,
    restart: async (downMs = 0) => {
      await db.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      db = await startEmbeddedPostgres({ ...opts, port });
    },
    stop: async () => {
      await db.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
