import PgBoss from "pg-boss";
import { config } from "@/lib/config";
import { QUEUE_NAMES, QUEUE_POLICIES } from "./queues";

/** pg-boss's schema, created by our migration 20261204090000_job_queue (pg-boss itself never runs DDL). */
export const JOB_SCHEMA = "pgboss";

// Failed jobs stay in the job table (where they can be retried) for two weeks; done ones a day,
// then in pg-boss's archive (still listed on the jobs page) until deleted after two weeks.
const RETENTION = { archiveCompletedAfterSeconds: 24 * 3600, archiveFailedAfterSeconds: 14 * 24 * 3600, deleteAfterDays: 14 };

const globalForJobs = globalThis as unknown as { qudaoJobs?: Promise<PgBoss> };

/**
 * This thread's pg-boss, started once, on a small pool of its own (the webhook's pool stays the
 * webhook's). `maintain`: expire, archive and delete on schedule; the server's main thread does it,
 * the dashboard's thread only reads and changes jobs.
 */
export function jobBoss(opts: { maintain?: boolean } = {}): Promise<PgBoss> {
  globalForJobs.qudaoJobs ??= start(opts.maintain ?? false).catch((error) => {
    globalForJobs.qudaoJobs = undefined;
    throw error;
  });
  return globalForJobs.qudaoJobs;
}

async function start(maintain: boolean): Promise<PgBoss> {
  const { databaseUrl } = config();
  if (!databaseUrl) throw new Error("DATABASE_URL is not set (start the app with `npm start`)");
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: JOB_SCHEMA,
    max: 4,
    migrate: false,
    supervise: maintain,
    schedule: false,
    application_name: "qudao-jobs",
    ...RETENTION,
  });
  boss.on("error", () => {}); // a poll that failed (the database restarting) is simply tried again
  await boss.start();
  if (maintain) await ensureQueues(boss);
  return boss;
}

/** Each queue exists with the policy lib/jobs/queues.ts gives it (made, or brought up to date). */
async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of QUEUE_NAMES) {
    const p = QUEUE_POLICIES[name];
    const policy = {
      name,
      retryLimit: p.retryLimit,
      retryDelay: p.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: p.expireInSeconds,
    };
    if (await boss.getQueue(name)) await boss.updateQueue(name, policy);
    else await boss.createQueue(name, policy);
  }
}

/** Stops this thread's workers (waiting for the jobs they run, up to `graceMs`) and its pool. */
export async function stopJobs(graceMs = 10_000): Promise<void> {
  const started = globalForJobs.qudaoJobs;
  globalForJobs.qudaoJobs = undefined;
  if (!started) return;
  const boss = await started.catch(() => null);
  await boss?.stop({ graceful: true, wait: true, timeout: graceMs }).catch(() => {});
}
