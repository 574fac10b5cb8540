// Temporary local harness (not part of the repo): scripts/test.ts's mkdtemp dir is 0700, which the
// postgres user cannot enter when running as root.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/runtime/embedded-postgres";
import { applyMigrations } from "./lib/db/migrate";

const root = mkdtempSync(path.join(tmpdir(), "qudao-mytest-"));
chmodSync(root, 0o755);
const db = await startEmbeddedPostgres({ dir: path.join(root, "pg"), password: "test", database: "qudao_template" });
let status = 1;
try {
  await applyMigrations(db.url);
  const env = { ...process.env, TEST_PG_ADMIN_URL: db.adminUrl("postgres"), TEST_TEMPLATE_DB: "qudao_template" };
  const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...process.argv.slice(2)], { stdio: "inherit", env });
  status = r.status ?? 1;
} finally {
  await db.stop();
  rmSync(root, { recursive: true, force: true });
}
process.exit(status);
