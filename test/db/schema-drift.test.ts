import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { freshDatabase, query } from "../helpers/database";

// Prisma's own diff (its WebAssembly schema engine), shipped beside the repository in ../shared.
const DIFF_TOOL = process.env.PRISMA_MIGRATE_DIFF ?? path.resolve("../shared/tools/prisma-migrate-diff");

const CATALOG = `
  SELECT 'column' AS kind, table_name || '.' || column_name AS name,
         concat_ws(' ', udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, datetime_precision) AS definition
    FROM information_schema.columns WHERE table_schema = 'public'
  UNION ALL
  SELECT 'index', tablename || '.' || indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
  UNION ALL
  SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
   WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname
  ORDER BY 1, 2`;

test("the migrated database matches schema.prisma (tables, columns, types, nullability, indexes, constraints)", async (t) => {
  if (!existsSync(DIFF_TOOL)) {
    if (process.env.CI) assert.fail(`Prisma's diff tool is missing at ${DIFF_TOOL}`);
    t.skip(`Prisma's diff tool is not at ${DIFF_TOOL} (set PRISMA_MIGRATE_DIFF)`);
    return;
  }
  const migrated = await freshDatabase(); // the template was built by our migration runner
  const adminUrl = process.env.TEST_PG_ADMIN_URL!;
  const fromSchema = new URL(adminUrl);
  fromSchema.pathname = `/schema_${Date.now()}`;
  await query(adminUrl, `CREATE DATABASE ${fromSchema.pathname.slice(1)}`);

  const sql = execFileSync(DIFF_TOOL, ["empty", "prisma/schema.prisma"], {
    env: { ...process.env, DIFF_DATABASE_URL: fromSchema.toString() },
    encoding: "utf8",
    timeout: 240_000,
  });
  const client = new pg.Client({ connectionString: fromSchema.toString() });
  await client.connect();
  await client.query(sql);
  await client.end();

  const expected = await query(fromSchema.toString(), CATALOG);
  const actual = (await query(migrated, CATALOG)).filter((row) => !String(row.name).startsWith("_prisma_migrations"));
  assert.ok(expected.length > 50, "the catalog query sees the schema");
  assert.deepEqual(actual, expected);
});

test("the migration history is recorded the way prisma migrate deploy records it", async () => {
  const db = await freshDatabase();
  const rows = await query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    applied_steps_count: number;
    rolled_back_at: Date | null;
  }>(
    db,
    `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  const { readMigrations } = await import("@/lib/db/migrate");
  const files = readMigrations(path.resolve("prisma/migrations"));
  assert.deepEqual(
    rows.map((r) => r.migration_name),
    files.map((m) => m.name),
  );
  for (const [i, row] of rows.entries()) {
    assert.equal(row.checksum, files[i].checksum);
    assert.match(row.checksum, /^[0-9a-f]{64}$/);
    assert.ok(row.finished_at instanceof Date);
    assert.equal(row.applied_steps_count, 1);
    assert.equal(row.rolled_back_at, null);
  }
});

test("applying migrations again is a no-op, and an edited applied migration is refused", async () => {
  const db = await freshDatabase();
  const { applyMigrations } = await import("@/lib/db/migrate");
  assert.deepEqual(await applyMigrations(db), []);
  await query(db, `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64)`);
  await assert.rejects(applyMigrations(db), /edited after it was applied/);
});
