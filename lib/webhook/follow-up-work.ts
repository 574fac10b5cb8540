import type { EventKind } from "@/lib/generated/prisma/enums";
import type { JobSpec } from "@/lib/jobs/enqueue";
import type { AccountReplies, SceneTarget } from "@/lib/db/webhook-config";
import type { Push } from "./push";
import type { ForwardEndpoint } from "@/lib/forwarding/jobs";

/** A counted event as written, for the jobs it causes. */
export type RecordedEvent = {
  eventId: string; // bigint as text
  accountId: number;
  kind: EventKind;
  openid: string;
  scene: string | null;
  qrCodeId: number | null;
  occurredAt: number; // unix s
};

/** What the webhook's configuration says of a push (lib/webhook/directory.ts). */
export type Resolved = { replies: AccountReplies; target: SceneTarget | null; forwarding?: readonly ForwardEndpoint[] };

/** A source of follow-up work: given the pushes of a batch as resolved, the jobs of each fresh event (or none). */
export type FollowUpSource = (push: Push, resolved: Resolved, event: RecordedEvent) => JobSpec[];

/** Whether a source may have work for this push: when none has, the batch is written without a transaction. */
export type FollowUpProbe = (push: Push, resolved: Resolved) => boolean;

type Source = { probe: FollowUpProbe; jobs: FollowUpSource; includeTests: boolean };
const sources: Source[] = [];

/**
 * Channel tags, follow-up messages and event forwarding each add themselves (their module's load).
 * An operator's test scan causes only what `includeTests` sources do (its messages, not tags or forwarding).
 */
export function addFollowUpSource(probe: FollowUpProbe, jobs: FollowUpSource, opts: { includeTests?: boolean } = {}): void {
  sources.push({ probe, jobs, includeTests: opts.includeTests ?? false });
}

const applies = (source: Source, push: Push, resolved: Resolved) =>
  (source.includeTests || !push.test) && source.probe(push, resolved);

/** True when some counted push of the batch may cause jobs. */
export function mayCauseWork(pushes: Push[], resolved: Resolved[]): boolean {
  return pushes.some((p, i) => p.kind !== null && sources.some((s) => applies(s, p, resolved[i])));
}

/** The jobs of the batch's fresh events (eventIds[i] null: a duplicate or not counted). */
export function followUpJobs(pushes: Push[], resolved: Resolved[], eventIds: (string | null)[]): JobSpec[] {
  const jobs: JobSpec[] = [];
  pushes.forEach((push, i) => {
    const eventId = eventIds[i];
    if (eventId === null || push.kind === null) return;
    const event: RecordedEvent = {
      eventId,
      accountId: push.account.id,
      kind: push.kind,
      openid: push.event.openid,
      scene: push.scene,
      qrCodeId: resolved[i].target?.qrCodeId ?? null,
      occurredAt: push.event.createTime,
    };
    for (const source of sources) if (applies(source, push, resolved[i])) jobs.push(...source.jobs(push, resolved[i], event));
  });
  return jobs;
}
