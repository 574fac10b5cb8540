import { pool, prisma } from "./client";
import { recordAudit, type AuditActor } from "./audit";
import { JOB_SCHEMA, jobBoss } from "@/lib/jobs/boss";
import { QUEUE_NAMES, type QueueName } from "@/lib/jobs/queues";
import type { JobFailure } from "@/lib/jobs/errors";
import { conflict, notFound } from "@/lib/errors";

/** How the jobs page groups pg-boss's states: waiting or running, given up, and finished. */
export const JOB_VIEWS = ["pending", "failed", "done"] as const;
export type JobView = (typeof JOB_VIEWS)[number];

const STATES: Record<JobView, string[]> = {
  pending: ["created", "retry", "active"],
  failed: ["failed"],
  done: ["completed", "cancelled"],
};

export type JobRow = {
  id: string;
  queue: QueueName;
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  /** What the job is about, as its queue's handler keeps it (no secrets: handlers never store any). */
  data: Record<string, unknown>;
  /** The last failure: its message and WeChat's errcode/errmsg when WeChat refused. */
  failure: JobFailure | null;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  startAfter: string;
  completedAt: string | null;
};

export type JobCounts = Record<QueueName, Record<JobView, number>>;

type Raw = {
  id: string;
  name: QueueName;
  state: JobRow["state"];
  data: Record<string, unknown> | null;
  output: Record<string, unknown> | null;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  start_after: Date;
  completed_on: Date | null;
};

const COLUMNS = "id, name, state::text AS state, data, output, retry_count, retry_limit, created_on, start_after, completed_on";

function failureOf(row: Raw): JobFailure | null {
  const output = row.output;
  if (!output || typeof output.message !== "string") return null;
  if (row.state !== "failed" && row.state !== "retry") return null;
  return output as unknown as JobFailure;
}

function toRow(row: Raw): JobRow {
  return {
    id: row.id,
    queue: row.name,
    state: row.state,
    data: row.data ?? {},
    failure: failureOf(row),
    attempts: row.retry_count + (row.state === "created" ? 0 : 1),
    maxAttempts: row.retry_limit + 1,
    createdAt: row.created_on.toISOString(),
    startAfter: row.start_after.toISOString(),
    completedAt: row.completed_on?.toISOString() ?? null,
  };
}

/** The newest jobs in a view (done ones include pg-boss's archive), optionally of one queue. */
export async function listJobs(view: JobView, queue: QueueName | undefined, limit: number): Promise<JobRow[]> {
  const tables = view === "done" ? [`${JOB_SCHEMA}.job`, `${JOB_SCHEMA}.archive`] : [`${JOB_SCHEMA}.job`];
  const union = tables
    .map((t) => `SELECT ${COLUMNS} FROM ${t} WHERE state::text = ANY($1) AND name = ANY($2)`)
    .join(" UNION ALL ");
  const { rows } = await pool().query<Raw>(`${union} ORDER BY created_on DESC, id LIMIT $3`, [
    STATES[view],
    queue ? [queue] : QUEUE_NAMES,
    limit,
  ]);
  return rows.map(toRow);
}

/** Jobs per queue and view, done ones counted with the archive. */
export async function countJobs(): Promise<JobCounts> {
  const { rows } = await pool().query<{ name: QueueName; state: string; n: number }>(
    `SELECT name, state::text AS state, count(*)::int AS n FROM (
        SELECT name, state FROM ${JOB_SCHEMA}.job UNION ALL SELECT name, state FROM ${JOB_SCHEMA}.archive
     ) j WHERE name = ANY($1) GROUP BY name, state`,
    [QUEUE_NAMES],
  );
  const counts = Object.fromEntries(QUEUE_NAMES.map((q) => [q, { pending: 0, failed: 0, done: 0 }])) as JobCounts;
  for (const row of rows) {
    const view = JOB_VIEWS.find((v) => STATES[v].includes(row.state));
    if (view) counts[row.name][view] += row.n;
  }
  return counts;
}

async function findJob(id: string): Promise<Raw> {
  const { rows } = await pool().query<Raw>(`SELECT ${COLUMNS} FROM ${JOB_SCHEMA}.job WHERE id = $1::uuid`, [id]);
  if (!rows[0]) throw notFound("job");
  return rows[0];
}

/**
 * A failed job runs again (once more than its policy allowed), or a waiting one is cancelled;
 * with its audit entry, in one transaction.
 */
export async function changeJob(actor: AuditActor, id: string, action: "retry" | "cancel"): Promise<JobRow> {
  const job = await findJob(id);
  if (action === "retry" && job.state !== "failed") throw conflict("job_not_failed", "only a failed job can be retried");
  if (action === "cancel" && !STATES.pending.includes(job.state))
    throw conflict("job_not_pending", "only a pending job can be cancelled");
  const boss = await jobBoss();
  await prisma.$transaction(async (tx) => {
    const db = {
      executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
    };
    if (action === "retry") await boss.retry(job.name, id, { db });
    else await boss.cancel(job.name, id, { db });
    await recordAudit(tx, actor, {
      action: action === "retry" ? "job.retry" : "job.cancel",
      target: { type: "job", id, label: `${job.name} ${id.slice(0, 8)}` },
      before: { state: job.state },
      after: { state: action === "retry" ? "retry" : "cancelled" },
    });
  });
  return toRow(await findJob(id));
}
