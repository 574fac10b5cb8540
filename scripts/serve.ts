/**
 * The production server in one Node process (bundled by `npm run build` into
 * .next/qudao-server.mjs): database (embedded unless DATABASE_URL), migrations, first admin and
 * account, statistics built for events loaded in bulk, then on PORT the WeChat webhook on plain
 * node:http and everything else through Next's request handler; recorded events are folded into
 * the statistics in the background.
 */
import http from "node:http";
import next from "next";
import { ensureDatabase } from "../lib/runtime/database";
import { loadEnvFile } from "../lib/runtime/env-file";
import { withDatabaseLock } from "../lib/runtime/startup-lock";
import { bootstrap } from "../lib/bootstrap";
import { disconnect } from "../lib/db/client";
import { buildMissingStatistics } from "../lib/db/stats-rebuild";
import { startFolding } from "../lib/db/stats-fold";
import { serveWebhook } from "../lib/server/webhook-front";

const log = (line: string) => console.log(`[qudao] ${line}`);

async function main() {
  loadEnvFile();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST || undefined; // all interfaces unless set
  process.env.PORT = String(port);
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  process.env.QUDAO_INTERNAL_ORIGIN ||= `http://127.0.0.1:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED ||= "1"; // nothing may phone home from here

  const database = await ensureDatabase({ log });
  await withDatabaseLock(database.url, async () => {
    await bootstrap(log);
    await buildMissingStatistics(log);
  });

  const stopFolding = startFolding(250, (error) => log(`folding statistics: ${error.message}`));

  const app = next({ dev: false, dir: process.cwd(), hostname: host ?? "localhost", port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    if (!serveWebhook(req, res)) void handle(req, res);
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  log(`serving on http://localhost:${port}  (webhook: http://<your-host>:${port}/api/wechat/<appId>)`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    stopFolding();
    // Requests in flight are answered (up to 5 s); idle keep-alive sockets close at once.
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await app.close().catch(() => {});
    await disconnect().catch(() => {});
    await database.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(`[qudao] could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
