import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { loadRuntimeSecrets } from "./instance-secrets";
import { applyMigrations } from "@/lib/db/migrate";
import { config } from "@/lib/config";

/**
 * Connects the way every Qudao process does: DATABASE_URL if set, else the embedded PostgreSQL
 * under DATA_DIR; applies pending migrations; exports the instance secrets into the environment.
 */
export async function ensureDatabase(opts: { dataDir?: string; log?: (line: string) => void } = {}) {
  const dataDir = path.resolve(opts.dataDir ?? config().dataDir);
  const log = opts.log ?? (() => {});
  const secrets = loadRuntimeSecrets(dataDir);
  process.env.ENCRYPTION_KEY ||= secrets.encryptionKey;
  process.env.NEXTAUTH_SECRET ||= secrets.nextauthSecret;

  let stop = async () => {};
  if (!config().databaseUrl) {
    log(`using the embedded PostgreSQL in ${path.join(dataDir, "postgres")}`);
    const embedded = await startEmbeddedPostgres({
      dir: path.join(dataDir, "postgres"),
      password: secrets.postgresPassword,
      database: "qudao",
    });
    process.env.DATABASE_URL = embedded.url;
    stop = embedded.stop;
  }
  const url = config().databaseUrl!;
  const applied = await applyMigrations(url, path.resolve("prisma/migrations"));
  if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
  return { url, stop };
}
