import { QUEUES } from "@/lib/jobs/queues";
import type { JobSpec } from "@/lib/jobs/enqueue";
import type { RecordedEvent } from "@/lib/webhook/follow-up-work";

/**
 * An enabled endpoint as the webhook's configuration holds it (lib/db/forward-endpoints.ts):
 * accountId null takes every account; codeIds null takes every event, else the events of these
 * codes (the chosen ones and those of the chosen channels).
 */
export type ForwardEndpoint = { id: number; accountId: number | null; codeIds: ReadonlySet<number> | null };

/** `subject`: what the jobs page shows. */
export type ForwardJobData = { endpointId: number; subject?: string } & ({ eventId: string } | { testId: string });

export function wantsEvent(endpoint: ForwardEndpoint, event: Pick<RecordedEvent, "accountId" | "qrCodeId">): boolean {
  if (endpoint.accountId !== null && endpoint.accountId !== event.accountId) return false;
  return endpoint.codeIds === null || (event.qrCodeId !== null && endpoint.codeIds.has(event.qrCodeId));
}

/** Whether any endpoint may want this account's events (the recorder's probe, before it knows the code). */
export function forwardsAccount(endpoints: readonly ForwardEndpoint[], accountId: number): boolean {
  return endpoints.some((e) => e.accountId === null || e.accountId === accountId);
}

/** One job per (endpoint, event) the endpoint's filter takes. */
export function forwardJobs(events: readonly RecordedEvent[], endpoints: readonly ForwardEndpoint[]): JobSpec[] {
  return events.flatMap((event) =>
    endpoints
      .filter((endpoint) => wantsEvent(endpoint, event))
      .map((endpoint) => ({
        queue: QUEUES.forward,
        data: {
          endpointId: endpoint.id,
          eventId: event.eventId,
          subject: `${event.kind} ${event.openid} → endpoint ${endpoint.id}`,
        } satisfies ForwardJobData,
      })),
  );
}

export function testForwardJob(endpointId: number, testId: string): JobSpec {
  return {
    queue: QUEUES.forward,
    data: { endpointId, testId, subject: `test → endpoint ${endpointId}` } satisfies ForwardJobData,
  };
}
