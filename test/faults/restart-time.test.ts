import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { freshDatabase } from "../helpers/database";
import { freePort } from "@/lib/runtime/embedded-postgres";

// How long `npm start` takes, with the app built, against a database it has run on before: from
// spawn until /api/health answers 200 (what a load balancer waits for after a restart).

const LIMIT_MS = 30_000;
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
});

async function npmStart(
  env: NodeJS.ProcessEnv,
  baseUrl: string,
): Promise<{ child: ChildProcess; ms: number; output: () => string }> {
  const started = Date.now();
  // A process group of its own (npm, its shell, the server), so a signal reaches the server as an operator's would.
  const child = spawn("npm", ["start", "--silent"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  while (Date.now() - started < 2 * LIMIT_MS) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return { child, ms: Date.now() - started, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`npm start did not answer /api/health:\n${output}`);
}

/** SIGTERM to the group; resolves when every process of it has closed its output (npm may exit first). */
async function stop(started: { child: ChildProcess; output: () => string }) {
  const closed = once(started.child, "close");
  process.kill(-started.child.pid!, "SIGTERM");
  await closed;
  running.delete(started.child);
  return started.output();
}

test("npm start with a built app answers /api/health within 30 s, first start and restart alike", async () => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: await freshDatabase(),
    ENCRYPTION_KEY: "test-encryption-key",
    NEXTAUTH_SECRET: "test-nextauth-secret",
    NEXTAUTH_URL: baseUrl,
    ADMIN_PASSWORD: "test-admin-password",
    PORT: String(port),
    HOST: "127.0.0.1",
  };
  const first = await npmStart(env, baseUrl);
  assert.match(await stop(first), /stopped in \d+ ms/, "the server shut down gracefully");
  const again = await npmStart(env, baseUrl);
  assert.match(await stop(again), /stopped in \d+ ms/);
  console.log(`[faults] npm start until /api/health answers: first start ${first.ms} ms, restart ${again.ms} ms`);
  assert.ok(first.ms < LIMIT_MS && again.ms < LIMIT_MS, `${first.ms} ms, ${again.ms} ms`);
});
