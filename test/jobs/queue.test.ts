import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import PgBoss from "pg-boss";
import { freshDatabase, query } from "../helpers/database";

// Issue 10, point 1: the job queue (pg-boss, lib/jobs/) on a real database — enqueued in the
// caller's transaction or not at all, retried on what may pass, failed at once with WeChat's
// errcode on what will not, one run per job when two instances share the queue, and the admin's
// retry and cancel (with their audit entries).

let url = "";
let jobs: typeof import("@/lib/jobs/enqueue");
let worker: typeof import("@/lib/jobs/worker");
let stopWorkers: () => Promise<void>;
const seen: { id: string; data: { n: number; outcome?: string } }[] = [];

type Row = { id: string; state: string; retry_count: number; output: Record<string, unknown> | null };
const rowsOf = (n: number) =>
  query<Row>(
    url,
    "SELECT id, state::text AS state, retry_count, output FROM pgboss.job WHERE name = 'forward' AND (data->>'n')::int = $1",
    [n],
  );

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  url = await freshDatabase();
  process.env.DATABASE_URL = url;
  process.env.ENCRYPTION_KEY ??= "test-encryption-key";
  jobs = await import("@/lib/jobs/enqueue");
  worker = await import("@/lib/jobs/worker");
  const { WeChatApiError } = await import("@/lib/wechat/api-error");
  const { PermanentJobError } = await import("@/lib/jobs/errors");
  worker.registerHandler("forward", async (batch) => {
    const failed = new Map<string, unknown>();
    for (const job of batch as { id: string; data: { n: number; outcome?: string } }[]) {
      seen.push(job);
      if (job.data.outcome === "network") failed.set(job.id, WeChatApiError.network("WeChat answered HTTP 502", 502));
      if (job.data.outcome === "tag-limit") failed.set(job.id, WeChatApiError.fromErrcode(45056, "too many tags"));
      if (job.data.outcome === "permanent") failed.set(job.id, new PermanentJobError("the endpoint is gone"));
    }
    return failed;
  });
  stopWorkers = await worker.startWorkers((queue, error) => console.error(queue, error));
});

after(async () => {
  await stopWorkers?.();
  await (await import("@/lib/jobs/boss")).stopJobs(1_000);
  await (await import("@/lib/db/client")).disconnect();
});

test("a job enqueued in a transaction exists only if the transaction commits", async () => {
  const { inTransaction } = await import("@/lib/db/client");
  await assert.rejects(
    inTransaction(async (client) => {
      await jobs.enqueue([{ queue: "forward", data: { n: 1 } }], client);
      throw new Error("the event's write failed");
    }),
    /the event's write failed/,
  );
  await inTransaction(async (client) => jobs.enqueue([{ queue: "forward", data: { n: 2 } }], client));
  const done = await until(
    () => rowsOf(2),
    (r) => r[0]?.state === "completed",
  );
  assert.equal(done[0]?.state, "completed");
  assert.deepEqual(await rowsOf(1), [], "rolled back with its transaction");
  assert.equal(seen.filter((j) => j.data.n === 1).length, 0);
});

test("a network error is retried later; a WeChat limit and a permanent error fail at once with their reason", async () => {
  await jobs.enqueue([
    { queue: "forward", data: { n: 10, outcome: "network" } },
    { queue: "forward", data: { n: 11, outcome: "tag-limit" } },
    { queue: "forward", data: { n: 12, outcome: "permanent" } },
    { queue: "forward", data: { n: 13 } },
  ]);
  worker.nudgeWorker("forward");
  const [retried] = await until(
    () => rowsOf(10),
    (r) => r[0]?.state === "retry",
  );
  assert.equal(retried?.state, "retry", "a 502 waits to be tried again");
  assert.equal(retried?.retry_count, 0, "pg-boss counts the retry when it starts");
  assert.equal(retried?.output?.errcode, 502);
  assert.equal(retried?.output?.permanent, false);

  const [limited] = await until(
    () => rowsOf(11),
    (r) => r[0]?.state === "failed",
  );
  assert.equal(limited?.state, "failed", "45056 will not pass by itself");
  assert.equal(limited?.retry_count, 0, "not retried");
  assert.equal(limited?.output?.errcode, 45056);
  assert.equal(limited?.output?.permanent, true);
  assert.match(String(limited?.output?.message), /45056/);

  const [gone] = await until(
    () => rowsOf(12),
    (r) => r[0]?.state === "failed",
  );
  assert.equal(gone?.output?.message, "the endpoint is gone");
  const [fine] = await until(
    () => rowsOf(13),
    (r) => r[0]?.state === "completed",
  );
  assert.equal(fine?.state, "completed", `the batch's other jobs are done: ${JSON.stringify(fine)}`);
});

test("the admin retries a failed job and cancels a waiting one; both are in the audit log; wrong states are 409", async () => {
  const { changeJob, listJobs, countJobs } = await import("@/lib/db/jobs");
  const { SYSTEM_ACTOR } = await import("@/lib/db/audit");
  const [failed] = await until(
    () => rowsOf(11),
    (r) => r[0]?.state === "failed",
  );
  const listed = await listJobs("failed", "forward", 100);
  assert.ok(listed.some((j) => j.id === failed!.id && j.failure?.errcode === 45056 && j.failure.permanent));
  assert.ok((await countJobs()).forward.failed >= 2);

  const before = seen.filter((j) => j.data.n === 11).length;
  const retried = await changeJob(SYSTEM_ACTOR, failed!.id, "retry");
  assert.equal(retried.state, "retry");
  worker.nudgeWorker("forward");
  await until(
    async () => seen.filter((j) => j.data.n === 11).length,
    (n) => n > before,
  );
  assert.equal(seen.filter((j) => j.data.n === 11).length, before + 1, "it ran once more");

  await jobs.enqueue([{ queue: "forward", data: { n: 20 }, startAfterSeconds: 3600 }]);
  const [waiting] = await rowsOf(20);
  assert.equal((await changeJob(SYSTEM_ACTOR, waiting!.id, "cancel")).state, "cancelled");
  await assert.rejects(changeJob(SYSTEM_ACTOR, waiting!.id, "cancel"), { code: "job_not_pending" });
  await assert.rejects(changeJob(SYSTEM_ACTOR, waiting!.id, "retry"), { code: "job_not_failed" });
  await assert.rejects(changeJob(SYSTEM_ACTOR, "00000000-0000-4000-8000-000000000000", "retry"), { kind: "not_found" });

  const audit = await query<{ action: string; target_type: string; target_id: string }>(
    url,
    "SELECT action::text, target_type::text, target_id FROM audit_entries WHERE target_type = 'job' ORDER BY id",
  );
  assert.deepEqual(
    audit.map((a) => [a.action, a.target_id]),
    [
      ["job.retry", failed!.id],
      ["job.cancel", waiting!.id],
    ],
  );
});

test("two instances sharing the queue run each of 300 jobs exactly once", async () => {
  const other = new PgBoss({ connectionString: url, schema: "pgboss", migrate: false, supervise: false, schedule: false });
  await other.start();
  const otherSeen: number[] = [];
  await other.work<{ n: number }>("forward", { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (batch) => {
    for (const job of batch) otherSeen.push(job.data.n);
  });
  try {
    const first = seen.length;
    const wanted = Array.from({ length: 300 }, (_, i) => 1000 + i);
    for (let i = 0; i < wanted.length; i += 50) {
      await jobs.enqueue(wanted.slice(i, i + 50).map((n) => ({ queue: "forward" as const, data: { n } })));
      worker.nudgeWorker("forward");
    }
    const ours = () => seen.slice(first).map((j) => j.data.n);
    await until(
      async () => ours().length + otherSeen.length,
      (n) => n >= wanted.length,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1_500)); // a second run, were there one, would show now
    const all = [...ours(), ...otherSeen].sort((a, b) => a - b);
    assert.deepEqual(all, wanted, "each job once, none lost");
    assert.ok(otherSeen.length > 0 && ours().length > 0, `both took work (${ours().length} / ${otherSeen.length})`);
  } finally {
    await other.stop({ graceful: true, wait: true, timeout: 2_000 });
  }
});
