import type pg from "pg";
import { jobBoss } from "./boss";
import type { QueueName } from "./queues";

export type JobSpec = {
  queue: QueueName;
  data: object;
  /** At most one job with this key waits in the queue at a time (pg-boss's singletonKey). */
  singletonKey?: string;
  startAfterSeconds?: number;
};

/** Inserts jobs in the caller's transaction (a client inside BEGIN), or on their own when no client is given. */
export async function enqueue(jobs: JobSpec[], client?: pg.ClientBase): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await jobBoss();
  const rows = jobs.map((job) => ({
    name: job.queue,
    data: job.data,
    ...(job.singletonKey ? { singletonKey: job.singletonKey } : {}),
    ...(job.startAfterSeconds ? { startAfter: new Date(Date.now() + job.startAfterSeconds * 1000).toISOString() } : {}),
  }));
  await boss.insert(rows, client ? { db: { executeSql: (text, values) => client.query(text, values) } } : {});
}
