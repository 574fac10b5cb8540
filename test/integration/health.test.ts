import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import path from "node:path";
import { readMigrations } from "@/lib/db/migrate";
import { freePort } from "@/lib/runtime/embedded-postgres";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { freshDatabase, query } from "../helpers/database";

/** A TCP relay in front of the test database: closing it is the database going away, without stopping the shared server. */
function relay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const open = (port: number) =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", resolve);
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server?.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return { open, close };
}

type Health = { ok: boolean; checks: Record<string, { ok: boolean; problem?: string; applied?: number }> };

describe("/api/health checks the database and its migrations", () => {
  let app: RunningApp;
  let directUrl: string;
  let proxy: ReturnType<typeof relay>;
  let proxyPort: number;
  const shipped = readMigrations(path.resolve("prisma/migrations")).map((m) => m.name);
  const health = async () => {
    const started = performance.now();
    const res = await fetch(`${app.baseUrl}/api/health`);
    return { status: res.status, body: (await res.json()) as Health, ms: performance.now() - started };
  };

  before(async () => {
    directUrl = await freshDatabase();
    proxy = relay(new URL(directUrl));
    proxyPort = await freePort();
    await proxy.open(proxyPort);
    const viaProxy = new URL(directUrl);
    viaProxy.port = String(proxyPort);
    app = await startApp({ DATABASE_URL: viaProxy.toString() });
  });
  after(async () => {
    await stopApp(app);
    await proxy.close();
  });

  test("a healthy app says so, check by check", async () => {
    const { status, body, ms } = await health();
    assert.equal(status, 200);
    assert.equal(body.ok, true);
    assert.equal(body.checks.database.ok, true);
    assert.deepEqual(body.checks.migrations, { ok: true, applied: shipped.length });
    console.log(`# healthy answer in ${ms.toFixed(0)} ms`);
  });

  test("a missing or failed migration row is a 503 that names it", async () => {
    const last = shipped[shipped.length - 1];
    const [row] = await query<Record<string, unknown>>(
      directUrl,
      `SELECT * FROM "_prisma_migrations" WHERE migration_name = $1`,
      [last],
    );
    try {
      await query(directUrl, `DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [last]);
      const pending = await health();
      assert.equal(pending.status, 503);
      assert.equal(pending.body.ok, false);
      assert.equal(pending.body.checks.database.ok, true);
      assert.equal(pending.body.checks.migrations.ok, false);
      assert.equal(pending.body.checks.migrations.problem, `pending: ${last}`);

      await query(
        directUrl,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, logs)
         VALUES ($1, $2, $3, now(), NULL, 'boom')`,
        [row.id, row.checksum, last],
      );
      const failed = await health();
      assert.equal(failed.status, 503);
      assert.equal(failed.body.checks.migrations.problem, `failed: ${last}`);
      assert.doesNotMatch(JSON.stringify(failed.body), /boom|postgres(ql)?:\/\/|password/i, "no logs, URLs or secrets");
    } finally {
      await query(directUrl, `DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [last]);
      await query(
        directUrl,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.id, row.checksum, last, row.started_at, row.finished_at, row.applied_steps_count],
      );
    }
    assert.equal((await health()).status, 200, "healthy again once the history is back");
  });

  test("a database that went away is a 503 within a few seconds, and health returns with it", async () => {
    await proxy.close();
    try {
      const down = await health();
      console.log(`# database gone: ${down.status} in ${down.ms.toFixed(0)} ms: ${down.body.checks.database.problem}`);
      assert.equal(down.status, 503);
      assert.equal(down.body.checks.database.ok, false);
      assert.match(down.body.checks.database.problem ?? "", /cannot reach the database|no answer within/);
      assert.equal(down.body.checks.migrations.ok, false);
      assert.ok(down.ms < 5000, `answered in ${down.ms.toFixed(0)} ms`);
    } finally {
      await proxy.open(proxyPort);
    }
    let back = await health();
    for (let i = 0; i < 20 && back.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      back = await health();
    }
    assert.equal(back.status, 200);
  });
});
