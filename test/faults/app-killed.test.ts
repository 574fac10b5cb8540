import { test, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { checkLedger, seedStreamAccount } from "../helpers/fault-ledger";
import { WeChatSimulator } from "../helpers/wechat-simulator";

// The app killed outright (SIGKILL: no shutdown at all) in the middle of a stream and started
// again on the same address: WeChat's retries during the downtime find nobody, later ones succeed.

const apps: RunningApp[] = [];
after(async () => {
  for (const app of apps.slice(1)) await app.stop();
  await stopApp(apps[0]);
});

test("SIGKILL mid-stream and a restart: every acknowledged event is recorded once, attribution and statistics hold", async () => {
  const first = await startApp();
  apps.push(first);
  const stream = await seedStreamAccount("killed", "safe");
  let current = first;
  const wechat = new WeChatSimulator({
    keys: stream.keys,
    scenes: stream.codes.map((c) => c.scene),
    events: 300,
    perSecond: 15,
    route: () => current.baseUrl,
  });
  const running = wechat.run();

  await wechat.whenSent(90);
  first.child.kill("SIGKILL");
  await once(first.child, "exit");
  const killedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 9_000)); // with the restart, longer than WeChat's 10 s of retries
  current = await startApp({ PORT: new URL(first.baseUrl).port });
  apps.push(current);
  const backAt = Date.now();
  console.log(`[faults] killed: down for ${backAt - killedAt} ms (restart until /api/health answers)`);

  const report = await running;
  await checkLedger({
    databaseUrl: first.databaseUrl,
    accountId: stream.accountId,
    codes: stream.codes,
    report,
    label: "app killed",
  });
  assert.ok((report.attemptOutcomes.refused ?? 0) > 0, "attempts during the downtime found nobody");
  assert.deepEqual(
    wechat.notAcknowledgedSince(backAt + 1_000).map((e) => e.attempts),
    [],
    "once the app is back, every event is acknowledged",
  );
});
