import { registerHandler, type Job } from "@/lib/jobs/worker";
import { PermanentJobError } from "@/lib/jobs/errors";
import { FORWARD_GIVE_UP_HOURS, QUEUES } from "@/lib/jobs/queues";
import { endpointForDelivery } from "@/lib/db/forward-endpoints";
import { accountRef, loadForwardEvent, recordDelivery, wasDelivered } from "@/lib/db/forward-deliveries";
import { deliver } from "./deliver";
import { eventPayload, testPayload, type ForwardPayload } from "./payload";
import { forwardJobs, forwardsAccount, type ForwardJobData } from "./jobs";
import { addFollowUpSource } from "@/lib/webhook/follow-up-work";

// The `forward` queue: each job POSTs one payload to one endpoint and logs the attempt. A failed
// attempt is retried by the queue (exponential back-off) until the job is FORWARD_GIVE_UP_HOURS old.

/** Resolves when delivered (or nothing is left to deliver: the endpoint was deleted); throws when this attempt failed. */
async function forwardOne(job: Job<ForwardJobData>): Promise<void> {
  const { endpointId } = job.data;
  const endpoint = await endpointForDelivery(endpointId);
  if (!endpoint) return; // deleted: its deliveries end quietly
  const test = "testId" in job.data;
  if (!endpoint.enabled && !test) throw new PermanentJobError("the endpoint is disabled");

  let payload: ForwardPayload;
  if ("testId" in job.data) {
    const account = endpoint.accountId === null ? null : await accountRef(endpoint.accountId);
    payload = testPayload(job.data.testId, job.createdOn, account);
  } else {
    const event = await loadForwardEvent(job.data.eventId);
    if (!event) throw new PermanentJobError(`event ${job.data.eventId} no longer exists`);
    payload = eventPayload(event);
  }
  if (await wasDelivered(endpointId, payload.id)) return;

  const outcome = await deliver(endpoint, payload);
  await recordDelivery({
    ...outcome,
    endpointId,
    payloadId: payload.id,
    type: payload.type,
    jobId: job.id,
    attempt: job.retryCount + 1,
  });
  if (outcome.delivered) return;
  const ageHours = (Date.now() - job.createdOn.getTime()) / 3_600_000;
  if (ageHours >= FORWARD_GIVE_UP_HOURS)
    throw new PermanentJobError(`not delivered within ${FORWARD_GIVE_UP_HOURS} h; last attempt: ${outcome.error}`);
  throw new Error(outcome.error ?? "not delivered");
}

/** Every job of the batch on its own: one endpoint's failure does not fail (and re-post) the others. */
export async function handleForwardJobs(jobs: Job<ForwardJobData>[]): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  await Promise.all(
    jobs.map((job) =>
      forwardOne(job).catch((error) => {
        failed.set(job.id, error);
      }),
    ),
  );
  return failed;
}

registerHandler(QUEUES.forward, handleForwardJobs);

// Every recorded event (not an operator's test) goes to the enabled endpoints whose filter takes it.
addFollowUpSource(
  (push, { forwarding }) => forwardsAccount(forwarding ?? [], push.account.id),
  (_push, { forwarding }, event) => forwardJobs([event], forwarding ?? []),
);
