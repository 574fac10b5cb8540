import { z } from "zod";
import { JOB_VIEWS } from "@/lib/db/jobs";
import { QUEUE_NAMES } from "@/lib/jobs/queues";

// GET /api/jobs and the job routes' {id}.

export const JOB_PAGE_SIZE = { default: 100, max: 500 } as const;

export const jobsQuery = z
  .object({
    view: z.enum(JOB_VIEWS).default("pending"),
    queue: z.enum(QUEUE_NAMES as [string, ...string[]]).optional(),
    limit: z.coerce.number().int().min(1).max(JOB_PAGE_SIZE.max).default(JOB_PAGE_SIZE.default),
  })
  .strict();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isJobId(value: string | undefined): value is string {
  return typeof value === "string" && UUID.test(value);
}
