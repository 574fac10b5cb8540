import { buildReplyXml, type Reply } from "@/lib/wechat";
import { inTransaction, isDataError } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { nudgeWorker } from "@/lib/jobs/worker";
import type { QueueName } from "@/lib/jobs/queues";
import { recordEvents } from "@/lib/db/events";
import { resolveBindings } from "@/lib/db/bindings";
import { DRAWN_SCENE_PREFIX } from "@/lib/qrcodes/drawn-scenes";
import type { AccountReplies, SceneTarget } from "@/lib/db/webhook-config";
import type { KeywordReplies } from "@/lib/keywords/match";
import type { CodeState } from "@/lib/generated/prisma/enums";
import { GroupCommit } from "./group-commit";
import { followUpJobs, mayCauseWork, type Resolved } from "./follow-up-work";
import { replySequence } from "@/lib/follow-ups/sequence";
import type { WebhookDirectory } from "./directory";
import type { Push } from "./push";

/**
 * The passive reply of a push: a follower's text message gets the first keyword rule's that matches,
 * else the account's "no match" reply; an event, what lib/follow-ups/sequence.ts decides.
 */
export function chooseReply(
  push: Push,
  replies: AccountReplies,
  target: SceneTarget | null,
  keywords: KeywordReplies | null = null,
): Reply | null {
  if (typeof push.text === "string") return keywords?.answer(push.text, push.event.createTime).reply ?? null;
  return replySequence(push.event, replies, target).passive;
}

/**
 * Records a batch of pushes (one statement, committed before this returns) and returns the reply
 * XML each is answered with: the first delivery's, for a retry. Replies and codes are chosen from
 * memory; if the configuration changed meanwhile, the write is refused and they are chosen again.
 * When the batch's events cause follow-up work (tags, messages, forwarding), its jobs are enqueued
 * in the same transaction: an event is never recorded without them, nor they without it.
 */
export async function writeBatch(directory: WebhookDirectory, pushes: Push[]): Promise<string[]> {
  for (;;) {
    const { version, answers } = await directory.resolve(
      pushes.map((p) => ({ accountId: p.account.id, scene: p.scene, text: typeof p.text === "string" })),
    );
    const records = eventRecords(pushes, answers);
    const recorded = mayCauseWork(pushes, answers)
      ? await recordWithJobs(pushes, answers, records, version)
      : await recordEvents(records, version);
    if (!("stale" in recorded)) {
      await resolveScannedBindings(pushes);
      return recorded.map((r) => r.replyXml);
    }
    directory.observe(recorded.stale);
  }
}

async function recordWithJobs(pushes: Push[], answers: Resolved[], records: ReturnType<typeof eventRecords>, version: string) {
  let queues = new Set<QueueName>();
  const recorded = await inTransaction(async (client) => {
    const written = await recordEvents(records, version, client);
    if ("stale" in written) return written;
    const jobs = followUpJobs(
      pushes,
      answers,
      written.map((r) => r.eventId),
    );
    await enqueue(jobs, client);
    queues = new Set(jobs.map((j) => j.queue));
    return written;
  });
  for (const queue of queues) nudgeWorker(queue);
  return recorded;
}

/**
 * Scans of drawn scenes may be bindings' (scan-to-follow sign-in): one statement for the batch, only
 * when it has such a scan. Duplicates too, so a retry after a failure here still resolves its binding;
 * a binding resolves once, so that changes nothing otherwise. A push is answered after this.
 */
async function resolveScannedBindings(pushes: Push[]): Promise<void> {
  const scans = pushes.filter((p) => p.event.kind === "scan" && !p.test && p.scene?.startsWith(DRAWN_SCENE_PREFIX));
  if (scans.length === 0) return;
  await resolveBindings(
    scans.map((p) => ({
      accountId: p.account.id,
      scene: p.scene ?? "",
      openid: p.event.openid,
      followed: p.kind === "scan_subscribe",
      occurredAt: p.event.createTime,
    })),
  );
}

/** Why a scan of `target` counts for no code now (archived, or outside its schedule), or null when it counts. */
export function codeStateAt(target: SceneTarget | null, now: number): CodeState | null {
  if (!target) return null;
  if (target.archived) return "archived";
  if (target.validFrom !== null && now < target.validFrom) return "not_started";
  if (target.validTo !== null && now >= target.validTo) return "ended";
  return null;
}

export function eventRecords(
  pushes: Push[],
  resolved: { replies: AccountReplies; target: SceneTarget | null; keywords?: KeywordReplies | null }[],
  now = Date.now(),
) {
  const createTime = Math.floor(now / 1000);
  return pushes.map((push, i) => {
    const { replies, target: found, keywords } = resolved[i];
    // A code that does not count now answers and attributes as if the scene named none; the event keeps why.
    const codeState = codeStateAt(found, now);
    const target = codeState ? null : found;
    const reply = chooseReply(push, replies, target, keywords);
    return {
      accountId: push.account.id,
      dedupKey: push.dedupKey,
      replyXml: reply
        ? buildReplyXml(reply, { toUser: push.event.openid, fromUser: push.inbound.fields.ToUserName ?? "", createTime })
        : "success",
      kind: push.kind,
      openid: push.event.openid,
      scene: push.scene,
      qrCodeId: target?.qrCodeId ?? null,
      codeState,
      occurredAt: push.event.createTime,
      test: push.test,
    };
  });
}

/** A batch the database refused for its data is written again push by push, so one bad push fails alone. */
async function writeOrSplit(directory: WebhookDirectory, pushes: Push[]): Promise<(string | Error)[]> {
  try {
    return await writeBatch(directory, pushes);
  } catch (error) {
    if (pushes.length === 1 || !isDataError(error)) throw error;
    return Promise.all(
      pushes.map((p) =>
        writeBatch(directory, [p]).then(
          ([reply]) => reply,
          (e: Error) => e,
        ),
      ),
    );
  }
}

export type Recorder = GroupCommit<Push, string>;

/**
 * Pushes with one key are written one after the other. A follower's counted events, for attribution;
 * messages and uncounted events touch no follower and go by their dedup key, so two deliveries of one
 * MsgId (whatever their CreateTime or sender) are never in one write and the second gets the first's reply.
 */
export function writeOrderKey(push: Push): string {
  return push.kind === null ? `${push.account.id}:${push.dedupKey}` : `${push.account.id}:${push.event.openid}`;
}

/**
 * One group-commit queue per process, in writeOrderKey's order.
 *
 * One write at a time: measured here (bench/webhook.ts), a second concurrent writer made batches
 * smaller and PostgreSQL's work per event larger, for less throughput, not more.
 */
export function createRecorder(directory: WebhookDirectory): Recorder {
  const recorder = new GroupCommit<Push, string>((pushes) => writeOrSplit(directory, pushes), {
    maxBatch: 200,
    writers: 1,
    maxWaiting: 5_000,
    keyOf: writeOrderKey,
  });
  recorders.add(recorder);
  return recorder;
}

const recorders = new Set<Recorder>();

/** For shutdown: resolves once every push submitted so far is written (or failed), pushes whose sender left included. */
export async function recordingSettled(): Promise<void> {
  await Promise.all([...recorders].map((r) => r.idle()));
}
