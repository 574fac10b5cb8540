/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, first admin and account,
 * a production build when the sources changed, then `next start` on PORT.
 */
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatePrismaClient } from "./generate";
import { ensureDatabase } from "../lib/runtime/database";
import { loadEnvFile } from "../lib/runtime/env-file";
import { withDatabaseLock, withDirectoryLock } from "../lib/runtime/startup-lock";

const log = (line: string) => console.log(`[qudao] ${line}`);
const BUILD_INPUTS = ["app", "components", "lib", "public", "prisma/schema.prisma", "package-lock.json", "next.config.mjs", "postcss.config.mjs", "tsconfig.json"];

function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry) || entry.includes("lib/generated")) return;
    if (statSync(entry).isDirectory()) readdirSync(entry).sort().forEach((e) => visit(path.join(entry, e)));
    else hash.update(entry).update(readFileSync(entry));
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

function buildIfNeeded() {
  const marker = ".next/qudao-source-hash";
  const current = sourceHash();
  if (existsSync(".next/BUILD_ID") && existsSync(marker) && readFileSync(marker, "utf8") === current) return;
  log("building the dashboard (first start or changed sources; takes a minute or two)…");
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  writeFileSync(marker, current);
}

async function main() {
  loadEnvFile();
  const port = Number(process.env.PORT ?? 3000);
  process.env.PORT = String(port);
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  process.env.QUDAO_INTERNAL_ORIGIN ||= `http://127.0.0.1:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED ||= "1"; // nothing may phone home from here

  // One checkout may start several instances: generate and build one at a time.
  const BUILD_LOCK = ".qudao-build.lock";
  await withDirectoryLock(BUILD_LOCK, generatePrismaClient);
  const database = await ensureDatabase({ log });
  const { bootstrap } = await import("../lib/bootstrap");
  const { disconnect } = await import("../lib/db/client");
  await withDatabaseLock(database.url, () => bootstrap(log));
  await disconnect();
  await withDirectoryLock(BUILD_LOCK, buildIfNeeded);

  log(`serving on http://localhost:${port}  (webhook: http://<your-host>:${port}/api/wechat/<appId>)`);
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    stdio: "inherit",
    env: process.env,
  });
  const shutdown = (signal: NodeJS.Signals) => server.kill(signal);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  server.on("exit", async (code) => {
    await database.stop();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(`[qudao] could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
