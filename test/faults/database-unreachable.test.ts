import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { freshDatabase } from "../helpers/database";
import { checkLedger, seedStreamAccount } from "../helpers/fault-ledger";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { WeChatSimulator } from "../helpers/wechat-simulator";

// The database unreachable for 20 s: a TCP proxy between the app and PostgreSQL forwards nothing,
// refuses nothing, resets nothing (a network partition; the server itself keeps running), then
// the path is back. The test process reaches the database directly.

let proxy: TcpProxy | undefined;
let app: RunningApp | undefined;
after(async () => {
  await stopApp(app);
  await proxy?.stop();
});

const OUTAGE_MS = 20_000;

test("the database unreachable for 20 s mid-stream: the app recovers, every acknowledged event is recorded once", async () => {
  const databaseUrl = await freshDatabase();
  const target = new URL(databaseUrl);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  process.env.DATABASE_URL = databaseUrl;
  app = await startApp({ DATABASE_URL: proxy.via(databaseUrl) });
  const stream = await seedStreamAccount("unreachable", "plain");
  const wechat = new WeChatSimulator({
    keys: stream.keys,
    scenes: stream.codes.map((c) => c.scene),
    events: 450,
    perSecond: 12,
    route: () => app!.baseUrl,
  });
  const running = wechat.run();

  await wechat.whenSent(60);
  proxy.partition();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  proxy.heal();
  const backAt = Date.now();

  const report = await running;
  await checkLedger({
    databaseUrl,
    accountId: stream.accountId,
    codes: stream.codes,
    report,
    label: "database unreachable 20 s",
  });
  assert.ok(report.givenUp > 0, "WeChat gave up on the events whose three attempts all fell in the outage");
  assert.deepEqual(
    wechat.notAcknowledgedSince(backAt + 2_000).map((e) => e.attempts),
    [],
    "once the database is reachable, every event is acknowledged",
  );
});
