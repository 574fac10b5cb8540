import { randomUUID } from "node:crypto";
import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { getForwardEndpoint } from "@/lib/db/forward-endpoints";
import { enqueue } from "@/lib/jobs/enqueue";
import { testForwardJob } from "@/lib/forwarding/jobs";

/** Queues a test payload (`type: "test"`) to this endpoint, enabled or not; the delivery log shows how it went. */
export const POST = withApi("forwarding:write", async ({ params }) => {
  const id = parseId(params.id, "endpoint");
  if (!(await getForwardEndpoint(id))) throw notFound("endpoint");
  const testId = `test_${randomUUID()}`;
  await enqueue([testForwardJob(id, testId)]);
  return json({ id: testId }, 202);
});
