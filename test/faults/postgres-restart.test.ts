import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { checkLedger, seedStreamAccount } from "../helpers/fault-ledger";
import { ownPostgres, type OwnPostgres } from "../helpers/own-postgres";
import { WeChatSimulator } from "../helpers/wechat-simulator";

// PostgreSQL (this test's own server) restarted in the middle of a stream: every session the app
// holds is ended, connections are refused for a while, then the server is back on the same port.

let pg: OwnPostgres | undefined;
let app: RunningApp | undefined;
after(async () => {
  await stopApp(app);
  await pg?.stop();
});

test("PostgreSQL restarted mid-stream: the app reconnects, every acknowledged event is recorded once", async () => {
  pg = await ownPostgres();
  process.env.DATABASE_URL = pg.url;
  app = await startApp();
  const stream = await seedStreamAccount("pg_restart", "plain");
  const wechat = new WeChatSimulator({
    keys: stream.keys,
    scenes: stream.codes.map((c) => c.scene),
    events: 300,
    perSecond: 15,
    route: () => app!.baseUrl,
  });
  const running = wechat.run();

  await wechat.whenSent(90);
  const downAt = Date.now();
  await pg.restart(12_000); // longer than WeChat's 10 s of retries: some events are given up
  const backAt = Date.now();
  console.log(`[faults] PostgreSQL restart: down for ${backAt - downAt} ms`);

  const report = await running;
  await checkLedger({
    databaseUrl: pg.url,
    accountId: stream.accountId,
    codes: stream.codes,
    report,
    label: "PostgreSQL restarted",
  });
  const failed = Object.entries(report.attemptOutcomes).filter(([outcome]) => outcome !== "200");
  assert.ok(failed.length > 0, "attempts during the restart failed");
  assert.deepEqual(
    wechat.notAcknowledgedSince(backAt + 1_000).map((e) => e.attempts),
    [],
    "once PostgreSQL is back, every event is acknowledged",
  );
});
