import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { decryptSecret } from "@/lib/secrets-at-rest";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { freshDatabase, query } from "../helpers/database";
import { seedActiveCode } from "../helpers/seed";
import { runCli } from "../helpers/cli";

// `npm run cli -- backup` / `restore` (issue 8, point 6): everything back exactly, the app starts on it.

const url = await freshDatabase();
const dir = mkdtempSync(path.join(tmpdir(), "qudao-backup-"));
const file = path.join(dir, "qudao.backup");
let app: RunningApp | undefined;

const cli = (...args: string[]) =>
  runCli(
    { ...process.env, DATABASE_URL: url, DATA_DIR: dir, ENCRYPTION_KEY: app!.env.ENCRYPTION_KEY, NEXTAUTH_SECRET: "x" },
    ...args,
  );

/** Every table's rows, in a stable order, as text: what "back exactly" compares. */
async function snapshot(): Promise<Record<string, string[]>> {
  const tables = await query<{ name: string }>(
    url,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await query<{ r: string }>(url, `SELECT t::text AS r FROM "${name}" t ORDER BY 1`);
    out[name] = rows.map((row) => row.r);
  }
  return out;
}

before(async () => {
  process.env.DATABASE_URL = url; // the app, this file's seeding and the CLI all on the one database
  app = await startApp();
  const [{ id: accountId }] = await query<{ id: number }>(url, "SELECT id FROM accounts WHERE sandbox");
  for (let i = 1; i <= 3; i++)
    await seedActiveCode({
      accountId,
      channel: `地铁 ${i}号线`,
      campaign: "双十一",
      name: `海报 "${i}" 🎉`,
      sceneId: 100 + i,
      reply: "欢迎\n关注",
    });
  await query(
    url,
    `INSERT INTO events (account_id, qr_code_id, kind, openid, scene, occurred_at)
     SELECT $1, (SELECT min(id) FROM qr_codes), 'scan_subscribe', 'o_' || g, '101', timestamptz '2026-11-11 12:00:00.123+08' + g * interval '1 minute'
       FROM generate_series(1, 250) g`,
    [accountId],
  );
});
after(async () => {
  await stopApp(app);
  rmSync(dir, { recursive: true, force: true });
});

test("backup, change everything, restore: every row and sequence back exactly, and the app starts healthy on it", {
  timeout: 120_000,
}, async () => {
  // While the app serves: a backup is a consistent snapshot; a restore refuses.
  const live = await cli("backup", "--file", path.join(dir, "live.backup"));
  assert.equal(live.code, 0, live.stderr);
  assert.match(live.stderr, /secrets\.json/);
  const refused = await cli("restore", "--file", path.join(dir, "live.backup"));
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /other connection\(s\) to this database: stop the app/);
  assert.doesNotMatch(refused.stderr, /^\s+at /m);
  await app!.stop();
  await (await import("@/lib/db/client")).disconnect(); // this process's own pool, from startApp's bootstrap

  const before = await snapshot();
  assert.equal(before.events.length, 250);
  assert.equal(before.qr_codes.length, 3);
  const backup = await cli("backup", "--file", file);
  assert.equal(backup.code, 0, backup.stderr);
  assert.equal(backup.stdout.trim(), file);

  // The secrets inside stay sealed: the file has the encrypted column, never the plain AppSecret.
  const content = gunzipSync(readFileSync(file)).toString("utf8");
  const [{ sealed }] = await query<{ sealed: string }>(url, "SELECT app_secret_enc AS sealed FROM accounts WHERE sandbox");
  assert.ok(content.includes(sealed));
  assert.ok(!content.includes(decryptSecret(sealed)), "no plain secret in the backup");

  await query(url, "DELETE FROM events WHERE openid <> 'o_1'");
  await query(url, `UPDATE qr_codes SET name = 'changed' WHERE id = (SELECT min(id) FROM qr_codes)`);
  await query(url, "UPDATE users SET role = 'analyst'");
  await query(url, "SELECT setval('events_id_seq', 5000)");

  // A file cut short changes nothing.
  const cut = path.join(dir, "cut.backup");
  writeFileSync(cut, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2)));
  const broken = await cli("restore", "--file", cut);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /error: .*(unexpected end of file|cut short)/i);
  assert.equal((await snapshot()).events.length, 1, "nothing restored from a broken file");

  const restored = await cli("restore", "--file", file);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stderr, /restored \d+ rows/);
  assert.deepEqual(await snapshot(), before);
  const names = await query<{ name: string }>(url, "SELECT name FROM qr_codes ORDER BY id");
  assert.deepEqual(
    names.map((r) => r.name),
    ['海报 "1" 🎉', '海报 "2" 🎉', '海报 "3" 🎉'],
  );
  const [first] = await query<{ at: string }>(url, "SELECT occurred_at::text AS at FROM events ORDER BY id LIMIT 1");
  assert.equal(first.at, "2026-11-11 04:01:00.123+00");
  // Sequences too: a new row continues after the restored ones, not after the deleted ones' ids.
  const [{ id: next }] = await query<{ id: string }>(
    url,
    `INSERT INTO events (account_id, kind, openid, occurred_at) SELECT account_id, 'scan', 'o_new', now() FROM events LIMIT 1 RETURNING id::text AS id`,
  );
  assert.equal(next, "251");
  await query(url, "DELETE FROM events WHERE openid = 'o_new'");

  process.env.DATABASE_URL = url; // the app, this file's seeding and the CLI all on the one database
  app = await startApp();
  const health = await fetch(`${app.baseUrl}/api/health`);
  const body = (await health.json()) as { ok: boolean; checks: { migrations: { ok: boolean } } };
  assert.equal(health.status, 200);
  assert.equal(body.checks.migrations.ok, true, "migrations current after the restore");
});
