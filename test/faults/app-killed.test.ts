import { test, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { startApp, type RunningApp } from "../helpers/app";
import { stopApp } from "../helpers/app-with-tokens";
import { checkLedger, seedStreamAccount } from "../helpers/fault-ledger";
import { WeChatSimulator } from "../helpers/wechat-simulator";
import { query } from "../helpers/database";
import { forwardReceiver } from "../helpers/forward-receiver";
import { LOOPBACK_PEERS_ENV } from "../helpers/wechat-peer";

// The app killed outright (SIGKILL: no shutdown at all) in the middle of a stream and started
// again on the same address: WeChat's retries during the downtime find nobody, later ones succeed.
// Every event is forwarded (issue 10, point 7): each recorded event has exactly its one job, and no
// job is without its event, however the kill fell between the two.

const apps: RunningApp[] = [];
const crm = await forwardReceiver();
after(async () => {
  await crm.close();
  for (const app of apps.slice(1)) await app.stop();
  await stopApp(apps[0]);
});

test("SIGKILL mid-stream and a restart: every acknowledged event is recorded once, attribution and statistics hold", async () => {
  const first = await startApp({ ...LOOPBACK_PEERS_ENV });
  apps.push(first);
  const stream = await seedStreamAccount("killed", "safe");
  const { createForwardEndpoint } = await import("@/lib/db/forward-endpoints");
  await createForwardEndpoint({
    url: crm.url("/crm"),
    description: "CRM",
    enabled: true,
    accountId: stream.accountId,
    qrCodeIds: [],
    channelIds: [],
  });
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
  current = await startApp({ ...LOOPBACK_PEERS_ENV, PORT: new URL(first.baseUrl).port });
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
  const pairs = await query<{ events: number; jobs: number; orphans: number; doubles: number }>(
    first.databaseUrl,
    `WITH jobs AS (SELECT data->>'eventId' AS event_id FROM pgboss.job WHERE name = 'forward'
                   UNION ALL SELECT data->>'eventId' FROM pgboss.archive WHERE name = 'forward')
     SELECT (SELECT count(*)::int FROM events WHERE account_id = $1) AS events,
            (SELECT count(DISTINCT event_id)::int FROM jobs j JOIN events e ON e.id::text = j.event_id) AS jobs,
            (SELECT count(*)::int FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id::text = j.event_id)) AS orphans,
            (SELECT count(*)::int - count(DISTINCT event_id)::int FROM jobs) AS doubles`,
    [stream.accountId],
  );
  assert.deepEqual(pairs[0], { ...pairs[0], jobs: pairs[0]!.events, orphans: 0, doubles: 0 }, "one forward job per event");
  assert.ok(pairs[0]!.events > 0);
});
