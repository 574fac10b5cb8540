import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { countJobs, listJobs, type JobCounts, type JobRow } from "@/lib/db/jobs";
import type { QueueName } from "@/lib/jobs/queues";
import { jobsQuery } from "@/lib/validation/jobs";

/** GET /api/jobs?view=pending|failed|done&queue=&limit=: the newest jobs of a view, and the counts of every view. */
export const GET = withApi("jobs:read", async ({ request }) => {
  const { view, queue, limit } = readQuery(request, jobsQuery);
  const [items, counts] = await Promise.all([listJobs(view, queue as QueueName | undefined, limit), countJobs()]);
  return json({ items, counts } satisfies { items: JobRow[]; counts: JobCounts });
});
