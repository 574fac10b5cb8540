import { spawn, type ChildProcess } from "node:child_process";
import { freshDatabase } from "./database";
import { freePort } from "@/lib/runtime/embedded-postgres";
import { SERVER_BUNDLE } from "../../scripts/build";

export type RunningApp = {
  baseUrl: string;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  /** The server process (for faults: signals, exit code). */
  child: ChildProcess;
  /** What the server has written to stdout and stderr so far. */
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * The production server (the bundle `npm run build` makes, as `npm start` runs it) on a free port against its own fresh database,
 * bootstrapped like `npm start` does (admin, sandbox account). The test process shares the
 * database settings, so it can use lib/ directly for setup and assertions. `extraEnv` may name the
 * PORT (a restart on the same address) and a DATABASE_URL for the server alone (e.g. through a proxy).
 */
export async function startApp(extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const databaseUrl = process.env.DATABASE_URL ?? (await freshDatabase());
  const port = Number(extraEnv.PORT) || (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "test-encryption-key",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "test-nextauth-secret",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    QUDAO_INTERNAL_ORIGIN: `http://127.0.0.1:${port}`,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? "test-admin-password",
    PORT: String(port),
    // Request lines are `info`; tests read the log for warnings and errors (request-log.test.ts sets info).
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    ...extraEnv,
  };
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEY: env.ENCRYPTION_KEY,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
    QUDAO_INTERNAL_ORIGIN: env.QUDAO_INTERNAL_ORIGIN,
    PORT: env.PORT,
  });
  const { bootstrap } = await import("@/lib/bootstrap");
  await bootstrap(() => {});

  const child = spawn(process.execPath, [SERVER_BUNDLE], {
    env: { ...env, HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output += d;
    if (process.env.QUDAO_TEST_VERBOSE) process.stderr.write(d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, () => output);
  return {
    baseUrl,
    databaseUrl,
    env,
    child,
    output: () => output,
    stop: () => stopChild(child),
  };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited early:\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`the app did not become healthy:\n${output()}`);
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}
