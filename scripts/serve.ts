/**
 * The production server in one Node process (bundled by `npm run build` into
 * .next/qudao-server.mjs): database (embedded unless DATABASE_URL), migrations, first admin and
 * account, statistics built for events loaded in bulk, then on PORT the WeChat webhook on plain
 * node:http and everything else handed to Next.js, which runs on a worker thread of this process
 * (lib/server/next-thread.ts says why); recorded events are folded into the statistics in the
 * background, and the jobs they cause (lib/jobs/) run here too. The same module is the worker thread's entry.
 */
import http from "node:http";
import { isMainThread } from "node:worker_threads";
import { ensureDatabase } from "../lib/runtime/database";
import { loadEnvFile } from "../lib/runtime/env-file";
import { withDatabaseLock } from "../lib/runtime/startup-lock";
import { bootstrap } from "../lib/bootstrap";
import { disconnect } from "../lib/db/client";
import { buildMissingStatistics } from "../lib/db/stats-rebuild";
import { startFolding } from "../lib/db/stats-fold";
import { serveWebhook, webhookSettled } from "../lib/server/webhook-front";
import { serveNextThread, startNextThread } from "../lib/server/next-thread";
import { closeServer, onShutdownSignal, settleWithin } from "../lib/server/graceful";
import { recordingSettled } from "../lib/webhook/recorder";
import { traceRequest } from "../lib/server/request-log";
import { log as logger } from "../lib/log";
import { config } from "../lib/config";
import { startWorkers } from "../lib/jobs/worker";
import { stopJobs } from "../lib/jobs/boss";
import "../lib/jobs/all";

const log = (line: string) => logger().info(line);

async function main() {
  loadEnvFile();
  const { port, host, publicUrl } = config(); // all interfaces unless HOST is set
  process.env.NEXTAUTH_URL ||= publicUrl; // next-auth reads it from the environment
  process.env.NEXT_TELEMETRY_DISABLED ||= "1"; // nothing may phone home from here

  const database = await ensureDatabase({ log }); // sets what the Next thread reads from the environment
  // Next loads its modules on its thread (seconds of CPU) while this one readies the database; no
  // request reaches it before the server listens, below.
  const starting = startNextThread(new URL(import.meta.url), { dir: process.cwd(), hostname: host ?? "localhost", port }, log);
  starting.catch(() => {}); // awaited below; a failure before that ends the process anyway
  await withDatabaseLock(database.url, async () => {
    await bootstrap(log);
    await buildMissingStatistics(log);
  });

  const stopFolding = startFolding(250, (error) => log(`folding statistics: ${error.message}`));
  const stopWorkers = await startWorkers((queue, error) => log(`job queue ${queue}: ${error.message}`));
  const dashboard = await starting;
  const server = http.createServer((req, res) => {
    traceRequest(req, res);
    if (!serveWebhook(req, res)) dashboard.forward(req, res);
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  log(`serving on http://localhost:${port}  (webhook: http://<your-host>:${port}/api/wechat/<appId>)`);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (answering the requests in flight, writing the events they carry)`);
    const started = Date.now();
    // Bounded: whatever still hangs then (a database that does not answer) is cut off; WeChat retries what got no 200.
    setTimeout(() => {
      log(`could not stop within ${SHUTDOWN_LIMIT_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    stopFolding();
    await Promise.all([
      // Events whose sender left before the answer are written too: a retry then finds them recorded.
      closeServer(server, 10_000).then(() => settleWithin(webhookSettled().then(recordingSettled), 10_000)),
      dashboard.stop().catch(() => {}),
    ]);
    // Jobs running now finish (or are failed by pg-boss, to be retried by another instance).
    await stopWorkers();
    await stopJobs(3_000);
    await settleWithin(
      disconnect().catch(() => {}),
      3_000,
    );
    await database.stop();
    log(`stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  onShutdownSignal(shutdown);
}

/** What a shutdown may take at most: the requests' grace, the group commit's, the Next thread's, the jobs', the pool's. */
const SHUTDOWN_LIMIT_MS = 25_000;

(isMainThread ? main() : serveNextThread()).catch((error) => {
  console.error(`[qudao] could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
