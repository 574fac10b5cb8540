/**
 * `npm test`: builds the app, starts one embedded PostgreSQL with a migrated template database
 * (each test file clones its own), runs unit + integration tests, then the browser tests.
 * `npm run test:unit` (`--unit`): only test/unit/, which needs neither a database nor a build.
 */
import { spawnSync, execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generatePrismaClient } from "./generate";
import { buildApp } from "./build";
import { startEmbeddedPostgres } from "../lib/runtime/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";

const TEMPLATE = "qudao_template";

function testFiles(dir: string): string[] {
  let found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found = found.concat(testFiles(full));
    else if (entry.endsWith(".test.ts")) found.push(full);
  }
  return found.sort();
}

function runNodeTests(files: string[], env: NodeJS.ProcessEnv, concurrency: number): number {
  if (files.length === 0) return 0;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, ...files], {
    stdio: "inherit",
    env,
  });
  return result.status ?? 1;
}

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED ||= "1";
  const only = process.argv.slice(2);
  if (only[0] === "--unit") process.exit(runNodeTests(testFiles("test/unit"), process.env, 2));
  generatePrismaClient();
  if (!process.env.QUDAO_SKIP_BUILD) {
    execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });
    await buildApp();
  }

  const root = mkdtempSync(path.join(tmpdir(), "qudao-test-"));
  chmodSync(root, 0o755); // PostgreSQL may run as another user (root is refused)
  const db = await startEmbeddedPostgres({ dir: path.join(root, "pg"), password: "test", database: TEMPLATE });
  let status = 1;
  try {
    await applyMigrations(db.url);
    const env = {
      ...process.env,
      TEST_PG_ADMIN_URL: db.adminUrl("postgres"),
      TEST_TEMPLATE_DB: TEMPLATE,
      TEST_PG_DIR: path.join(root, "pg"),
    };
    const unitAndIntegration = only.length ? only.filter((f) => !f.startsWith("e2e")) : testFiles("test");
    const browser = only.length ? only.filter((f) => f.startsWith("e2e")) : testFiles("e2e");
    status = runNodeTests(unitAndIntegration, env, 2);
    const e2eStatus = runNodeTests(browser, env, 1);
    status = status || e2eStatus;
  } finally {
    await db.stop();
    rmSync(root, { recursive: true, force: true });
  }
  process.exit(status);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
