import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, query } from "../helpers/database";
import { seedActiveCode } from "../helpers/seed";
import { forwardReceiver, type Received } from "../helpers/forward-receiver";
import type { RecordedEvent } from "@/lib/webhook/follow-up-work";

// Issue 10, point 5: events forwarded through the real queue (pg-boss, in-process worker) to a real
// receiver on 127.0.0.1 — each once per endpoint its filter takes, signed; a 500 retried until a
// 200; the delivery log; the test event; and the endpoints as the webhook's configuration sees them.

let url = "";
let stopWorkers: () => Promise<void>;
let accountId = 0;
const codes = { a: 0, b: 0 };
const secrets = new Map<number, string>();
const endpointIds = { all: 0, channelB: 0, codeA: 0, disabled: 0 };
function endpointOf(r: Received) {
  return Number(new URL(r.path, "http://x").searchParams.get("e"));
}
let failFirst = new Set<string>(); // "endpoint:payload id" answered 500 once
const receiver = await forwardReceiver((r) => {
  const id = `${endpointOf(r)}:${r.headers["x-qudao-event-id"]}`;
  if (failFirst.has(id)) {
    failFirst.delete(id);
    return 500;
  }
  return 200;
});

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const version = async () => (await query<{ v: string }>(url, "SELECT version::text AS v FROM config_version"))[0].v;

before(async () => {
  url = await freshDatabase();
  process.env.DATABASE_URL = url;
  process.env.ENCRYPTION_KEY ??= "test-encryption-key";
  process.env.OUTBOUND_ALLOWED_NETWORKS = "127.0.0.1";
  const { prisma } = await import("@/lib/db/client");
  const { encryptSecret } = await import("@/lib/secrets-at-rest");
  const account = await prisma.account.create({
    data: { appId: "wxforward", name: "Forward", appSecretEnc: encryptSecret("s".repeat(32)), tokenEnc: encryptSecret("token") },
  });
  accountId = account.id;
  codes.a = await seedActiveCode({ accountId, channel: "Posters", campaign: "Spring", name: "Poster A", sceneId: 1 });
  codes.b = await seedActiveCode({ accountId, channel: "Flyers", name: "Flyer B", sceneId: 2 });
  const flyers = await prisma.channel.findFirstOrThrow({ where: { name: "Flyers" } });

  const { createForwardEndpoint } = await import("@/lib/db/forward-endpoints");
  const create = async (name: keyof typeof endpointIds, filter: object) => {
    const made = await createForwardEndpoint({
      url: receiver.url(`/hook?e=${name}`),
      description: name,
      enabled: true,
      accountId: null,
      qrCodeIds: [],
      channelIds: [],
      ...filter,
    });
    endpointIds[name] = made.record.id;
    secrets.set(made.record.id, made.secret);
    await prisma.forwardEndpoint.update({
      where: { id: made.record.id },
      data: { url: receiver.url(`/hook?e=${made.record.id}`) },
    });
  };
  await create("all", {});
  await create("channelB", { accountId, channelIds: [flyers.id] });
  await create("codeA", { accountId, qrCodeIds: [codes.a] });
  await create("disabled", { enabled: false });

  await import("@/lib/forwarding/handler");
  const worker = await import("@/lib/jobs/worker");
  stopWorkers = await worker.startWorkers((queue, error) => console.error(queue, error));
});

after(async () => {
  await stopWorkers?.();
  await (await import("@/lib/jobs/boss")).stopJobs(1_000);
  await (await import("@/lib/db/client")).disconnect();
  await receiver.close();
});

async function recordEvent(kind: RecordedEvent["kind"], qrCodeId: number | null, openid: string): Promise<RecordedEvent> {
  const { prisma } = await import("@/lib/db/client");
  const occurredAt = new Date("2026-12-04T08:00:00Z");
  const row = await prisma.event.create({
    data: {
      accountId,
      qrCodeId,
      kind,
      openid,
      scene: qrCodeId === codes.a ? "1" : qrCodeId === codes.b ? "2" : null,
      occurredAt,
    },
  });
  return {
    eventId: row.id.toString(),
    accountId,
    kind,
    openid,
    scene: row.scene,
    qrCodeId,
    occurredAt: occurredAt.getTime() / 1000,
  };
}

test("enabled endpoints are the webhook's configuration: a channel resolves to its codes, and a change bumps config_version", async () => {
  const { loadForwardEndpoints } = await import("@/lib/db/forward-endpoints");
  const { version: v1, value } = await loadForwardEndpoints();
  assert.deepEqual(
    value.map((e) => ({ id: e.id, accountId: e.accountId, codeIds: e.codeIds && [...e.codeIds] })),
    [
      { id: endpointIds.all, accountId: null, codeIds: null },
      { id: endpointIds.channelB, accountId, codeIds: [codes.b] },
      { id: endpointIds.codeA, accountId, codeIds: [codes.a] },
    ],
  );
  assert.equal(v1, await version());
  const { updateForwardEndpoint } = await import("@/lib/db/forward-endpoints");
  await updateForwardEndpoint(endpointIds.disabled, { description: "still off" });
  assert.ok(BigInt(await version()) > BigInt(v1), "a change to an endpoint invalidates the webhook's copy");
});

test("each event reaches each endpoint its filter takes, once, signed; a 500 is retried until a 200, all in the log", async () => {
  const { loadForwardEndpoints } = await import("@/lib/db/forward-endpoints");
  const { forwardJobs } = await import("@/lib/forwarding/jobs");
  const { enqueue } = await import("@/lib/jobs/enqueue");
  const { verifyForward } = await import("@/lib/forwarding/signature");
  const events = [
    await recordEvent("scan", codes.a, "o-a"),
    await recordEvent("scan_subscribe", codes.b, "o-b"),
    await recordEvent("follow", null, "o-plain"),
  ];
  failFirst = new Set([`${endpointIds.all}:${events[1].eventId}`]);
  const endpoints = (await loadForwardEndpoints()).value;
  await enqueue(forwardJobs(events, endpoints));

  const expected = [
    [endpointIds.all, events[0].eventId],
    [endpointIds.codeA, events[0].eventId],
    [endpointIds.all, events[1].eventId],
    [endpointIds.channelB, events[1].eventId],
    [endpointIds.all, events[2].eventId],
  ]
    .map(([e, id]) => `${e}:${id}`)
    .sort();
  const deliveredPairs = () =>
    query<{ p: string }>(url, "SELECT endpoint_id || ':' || payload_id AS p FROM forward_deliveries WHERE delivered ORDER BY 1");
  // The 500 waits for its back-off (30 s and more): the test brings its retry forward.
  const retried = await until(
    () => query<{ id: string }>(url, "SELECT id FROM pgboss.job WHERE name = 'forward' AND state = 'retry'"),
    (rows) => rows.length === 1,
  );
  assert.equal(retried.length, 1, "the delivery answered 500 waits for a retry");
  const { listDeliveries } = await import("@/lib/db/forward-deliveries");
  const waiting = (await listDeliveries(endpointIds.all)).find((d) => d.payloadId === events[1].eventId)!;
  assert.equal(waiting.delivered, false);
  assert.equal(waiting.httpStatus, 500);
  assert.ok(waiting.nextRetryAt, "the log shows when it is tried again");
  await query(url, "UPDATE pgboss.job SET start_after = now() WHERE name = 'forward' AND state = 'retry'");
  const done = await until(deliveredPairs, (rows) => rows.length === expected.length);
  assert.deepEqual(done.map((r) => r.p).sort(), expected);

  const realEvents = receiver.received.filter((r) => !String(r.headers["x-qudao-event-id"]).startsWith("test_"));
  const arrivals = realEvents.map((r) => `${endpointOf(r)}:${r.headers["x-qudao-event-id"]}`);
  assert.equal(arrivals.length, expected.length + 1, "one more arrival: the one answered 500");
  assert.deepEqual([...new Set(arrivals)].sort(), expected, "each pair arrived, and no other");
  for (const r of realEvents) {
    const secret = secrets.get(endpointOf(r))!;
    const headers = { timestamp: r.headers["x-qudao-timestamp"] as string, signature: r.headers["x-qudao-signature"] as string };
    assert.equal(verifyForward(secret, headers, r.body), true, "signed with the endpoint's own secret");
  }
  const first = JSON.parse(realEvents.find((r) => r.headers["x-qudao-event-id"] === events[0].eventId)!.body);
  assert.deepEqual(first, {
    id: events[0].eventId,
    type: "scan",
    occurredAt: "2026-12-04T08:00:00.000Z",
    account: { id: accountId, appId: "wxforward" },
    openid: "o-a",
    scene: "1",
    code: { id: codes.a, name: "Poster A" },
    channel: { id: first.channel.id, name: "Posters" },
    campaign: { id: first.campaign.id, name: "Spring" },
  });

  const log = (await listDeliveries(endpointIds.all)).filter((d) => d.payloadId === events[1].eventId);
  assert.deepEqual(
    log.map((d) => [d.attempt, d.delivered, d.httpStatus, d.nextRetryAt]),
    [
      [2, true, 200, null],
      [1, false, 500, null],
    ],
  );
});

test("a test event reaches even a disabled endpoint, typed test; a disabled endpoint gets no real events", async () => {
  const { enqueue } = await import("@/lib/jobs/enqueue");
  const { testForwardJob } = await import("@/lib/forwarding/jobs");
  await enqueue([testForwardJob(endpointIds.disabled, "test_abc")]);
  const got = await until(
    () => receiver.received.filter((r) => r.headers["x-qudao-event-id"] === "test_abc"),
    (list) => list.length > 0,
  );
  assert.equal(got.length, 1);
  assert.equal(endpointOf(got[0]), endpointIds.disabled);
  const body = JSON.parse(got[0].body);
  assert.equal(body.type, "test");
  assert.equal(body.account, null);
  assert.equal(receiver.received.filter((r) => endpointOf(r) === endpointIds.disabled).length, 1);
});

test("a job run again after its delivery (a crash before the queue marked it done) does not post the event twice", async () => {
  const { enqueue } = await import("@/lib/jobs/enqueue");
  const event = await recordEvent("unfollow", codes.a, "o-again");
  const job = { queue: "forward" as const, data: { endpointId: endpointIds.codeA, eventId: event.eventId } };
  await enqueue([job]);
  const arrivals = () => receiver.received.filter((r) => r.headers["x-qudao-event-id"] === event.eventId);
  await until(arrivals, (list) => list.length === 1);
  await enqueue([job]); // the same delivery once more, as pg-boss would after the worker died
  await until(
    () =>
      query<{ n: number }>(
        url,
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'forward' AND state = 'completed' AND data->>'eventId' = $1",
        [event.eventId],
      ),
    (rows) => rows[0].n === 2,
  );
  assert.equal(arrivals().length, 1, "the log says it was delivered: no second POST");
});
