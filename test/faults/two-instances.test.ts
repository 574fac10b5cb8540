import { test, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { checkLedger, seedStreamAccount } from "../helpers/fault-ledger";
import { WeChatSimulator } from "../helpers/wechat-simulator";

// Two instances on one database, as behind a load balancer. Each event's first attempt goes to
// one, its retries to the other. A tenth of the first answers are lost (as if late), so retries
// reach the other instance while the first may still be recording; then one instance is killed
// and its events' retries all land on the survivor.

const apps: RunningApp[] = [];
after(async () => {
  for (const app of apps.slice(1)) await app.stop();
  await stopApp(apps[0]);
});

test("two instances receiving each other's retries: each event recorded once, none given up while one lives", async () => {
  apps.push(await startApp());
  apps.push(await startApp()); // the same database: startApp reuses the DATABASE_URL the first set
  const [a, b] = apps;
  const stream = await seedStreamAccount("two_instances", "safe");
  const wechat = new WeChatSimulator({
    keys: stream.keys,
    scenes: stream.codes.map((c) => c.scene),
    events: 300,
    perSecond: 15,
    route: (event, attempt) => apps[(event.n + attempt - 1) % 2].baseUrl,
    losesAnswer: (event, attempt) => attempt === 1 && event.n % 10 === 3,
    retryAfterMs: 1_000, // a lost answer's retry soon after, while the first may still be in flight
  });
  const running = wechat.run();
  await wechat.whenSent(200);
  a.child.kill("SIGKILL");
  await once(a.child, "exit");

  const report = await running;
  const counts = await checkLedger({
    databaseUrl: b.databaseUrl,
    accountId: stream.accountId,
    codes: stream.codes,
    report,
    label: "two instances",
  });
  assert.ok(counts.attempts["answer lost"] > 0 && counts.attempts.refused > 0, "retries crossed to the other instance");
  assert.equal(report.givenUp, 0, "with one instance alive, every event is acknowledged");
});
