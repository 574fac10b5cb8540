import type PgBoss from "pg-boss";
import { jobBoss, JOB_SCHEMA } from "./boss";
import { asJobError, failureOf, PermanentJobError } from "./errors";
import { QUEUE_POLICIES, type QueueName } from "./queues";

export type Job<T = unknown> = { id: string; data: T; createdOn: Date; retryCount: number };

/**
 * Runs a batch of jobs. Throwing fails them all (each retried per its queue's policy); or it resolves
 * to a Map of the jobs that failed (id → error), and the rest are done. A PermanentJobError is not retried.
 */
// biome-ignore lint/suspicious/noExplicitAny: each queue's handler knows its own job data
export type JobHandler = (jobs: Job<any>[]) => Promise<unknown>;

const handlers = new Map<QueueName, JobHandler>();
const running = new Map<QueueName, { boss: PgBoss; workerId: string }>();

/** Called at module load of each handler file; the workers run what is registered when they start. */
export function registerHandler(queue: QueueName, handler: JobHandler): void {
  handlers.set(queue, handler);
}

/** Starts one worker per registered queue in this process (every instance runs them; pg-boss gives each job to one). */
export async function startWorkers(onError: (queue: QueueName, error: Error) => void): Promise<() => Promise<void>> {
  const boss = await jobBoss({ maintain: true });
  const ids: string[] = [];
  for (const [queue, handler] of handlers) {
    const { batchSize, pollingIntervalSeconds } = QUEUE_POLICIES[queue];
    const id = await boss.work<object>(
      queue,
      { batchSize, pollingIntervalSeconds, includeMetadata: true },
      async (batch: PgBoss.JobWithMetadata<object>[]) => {
        const jobs = batch.map((j) => ({ id: j.id, data: j.data, createdOn: j.createdOn, retryCount: j.retryCount }));
        let failed: Map<string, unknown>;
        try {
          const result = await handler(jobs);
          failed = result instanceof Map ? result : new Map();
        } catch (error) {
          failed = new Map(jobs.map((j) => [j.id, error]));
        }
        for (const [id, error] of failed) {
          await failJob(boss, queue, id, error).catch((e: Error) => onError(queue, e));
        }
        // pg-boss completes the rest (a job failed above is no longer active, so it stays failed).
      },
    );
    ids.push(id);
    running.set(queue, { boss, workerId: id });
  }
  return async () => {
    running.clear();
    for (const id of ids) await boss.offWork({ id }).catch(() => {});
  };
}

/** Wakes this process's worker of `queue` now instead of at its next poll (after enqueueing follow-up work). */
export function nudgeWorker(queue: QueueName): void {
  const worker = running.get(queue);
  worker?.boss.notifyWorker(worker.workerId);
}

/** A WeChat refusal that will not pass by itself (asJobError) fails the job for good. */
async function failJob(boss: PgBoss, queue: QueueName, id: string, failure: unknown): Promise<void> {
  const error = asJobError(failure);
  if (error instanceof PermanentJobError) {
    // pg-boss has no "fail without retry": spend the job's retries, then fail it.
    await boss
      .getDb()
      .executeSql(`UPDATE ${JOB_SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`, [queue, id]);
  }
  await boss.fail(queue, id, failureOf(error));
}
