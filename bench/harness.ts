/**
 * What every benchmark shares: cleanup whatever happens, Qudao's build and server, the embedded
 * PostgreSQL, process-tree RSS and CPU, percentiles and the machine's description.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/runtime/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";

export const DIST_DIR = ".next-bench";

export type Target = { port: number; pid: number; stop: () => Promise<void> };

// ---------------------------------------------------------------- cleanup, whatever happens

export const cleanups: (() => Promise<void> | void)[] = [];
const children = new Set<ChildProcess>();
export async function cleanUp() {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch((e) => console.error("cleanup:", e));
}
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------- the contenders' processes

export function stopChild(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

export async function startServer(name: string, args: string[], env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  cleanups.push(() => stopChild(child));
  let output = "";
  const keep = (d: Buffer) => {
    output += d;
    if (process.env.BENCH_VERBOSE) process.stderr.write(d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { port, pid: child.pid!, stop: () => stopChild(child) };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become healthy:\n${output}`);
}

/** `npm run build` into its own folder; puts back the tsconfig.json lines Next adds for that folder. */
export function buildQudao() {
  if (process.env.BENCH_SKIP_BUILD && existsSync(path.join(DIST_DIR, "qudao-server.mjs"))) return log(`reusing ${DIST_DIR}`);
  log(`building Qudao into ${DIST_DIR} …`);
  const before = readFileSync("tsconfig.json", "utf8");
  try {
    execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR },
      stdio: ["ignore", 2, 2],
    });
  } finally {
    const after = readFileSync("tsconfig.json", "utf8");
    const undone = after.replace(/,\n\s*"\.next-bench\/types\/\*\*\/\*\.ts",\n\s*"\.next-bench\/dev\/types\/\*\*\/\*\.ts"/, "");
    if (after !== before && undone === before) writeFileSync("tsconfig.json", before);
  }
}

/** A process and all its descendants. */
export function tree(pid: number): number[] {
  const pids: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    pids.push(p);
    try {
      for (const task of readdirSync(`/proc/${p}/task`))
        stack.push(...readFileSync(`/proc/${p}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

export function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export const ownRssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0) / 1024;
/** (c) VmRSS of a process tree, in MB. */
export const rssMb = (pid: number) => tree(pid).reduce((mb, p) => mb + ownRssMb(p), 0);

/** CPU time of a process tree (user + system, reaped children included), in ms. */
export const cpuMs = (pid: number) =>
  tree(pid).reduce((ms, p) => {
    const f = read(`/proc/${p}/stat`).split(") ")[1]?.split(" ") ?? [];
    return ms + [11, 12, 13, 14].reduce((t, i) => t + Number(f[i] ?? 0), 0) * 10; // USER_HZ = 100
  }, 0);

/** Runs SQL on its own connection; returns the first column of the last result's first row. */
export async function scalar(url: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results = [await client.query({ text: sql, rowMode: "array" })].flat();
    return String(results.at(-1)?.rows[0]?.[0] ?? "");
  } finally {
    await client.end();
  }
}

/** The embedded PostgreSQL every benchmark uses, in a temporary folder removed at the end. */
export async function startBenchDatabase(): Promise<{ db: EmbeddedDatabase; admin: string; pgPid: number }> {
  const root = mkdtempSync(path.join(os.tmpdir(), "qudao-bench-"));
  chmodSync(root, 0o755); // PostgreSQL runs as the postgres user when we are root
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  log("starting the embedded PostgreSQL");
  const db = await startEmbeddedPostgres({
    dir: path.join(root, "postgres"),
    password: randomBytes(12).toString("hex"),
    database: "qudao_bench",
  });
  cleanups.push(() => db.stop());
  const pgPid = Number(readFileSync(path.join(root, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  return { db, admin: db.adminUrl("postgres"), pgPid };
}

/**
 * A section's own migrated database, made this process's DATABASE_URL (with fresh secrets) so the
 * section can use lib/db directly: its URL and the secrets a server on it needs.
 */
export async function sectionDatabase(
  db: EmbeddedDatabase,
  admin: string,
  name: string,
): Promise<{ url: string; secrets: Record<string, string> }> {
  await scalar(admin, `CREATE DATABASE ${name}`);
  const url = db.adminUrl(name);
  await applyMigrations(url, path.resolve("prisma/migrations"));
  const secrets = { ENCRYPTION_KEY: randomBytes(24).toString("hex"), NEXTAUTH_SECRET: randomBytes(24).toString("hex") };
  const { disconnect } = await import("@/lib/db/client");
  await disconnect(); // a section before may have used another database in this process
  Object.assign(process.env, secrets, { DATABASE_URL: url });
  return { url, secrets };
}

/** Qudao's production server (the bundle `npm start` runs) on DATABASE_URL `url`. */
export function startQudao(url: string, secrets: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<Target> {
  // e.g. BENCH_QUDAO_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (see README).
  const flags = process.env.BENCH_QUDAO_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  return startServer("Qudao", [...flags, path.join(DIST_DIR, "qudao-server.mjs")], {
    ...secrets,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    HOST: "127.0.0.1",
    DATABASE_URL: url,
    ...extraEnv,
  });
}

/** The p-th percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function machineLines(admin: string): Promise<string[]> {
  return [
    `machine: ${os.availableParallelism()} CPUs (nproc), ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `node ${process.version}; ${await scalar(admin, "SELECT split_part(version(), ' on ', 1)")} (embedded)`,
    "server, load generator and database share the machine; loopback only",
  ];
}
