import { buildReplyXml, type Reply } from "@/lib/wechat";
import { inTransaction, isDataError } from "@/lib/db/client";
import { lockFollowers, recordEvents } from "@/lib/db/events";
import type { AccountReplies, SceneTarget } from "@/lib/db/webhook-config";
import { GroupCommit } from "./group-commit";
import type { WebhookDirectory } from "./directory";
import type { Push } from "./push";

/** New followers through a code get the code's reply, else the welcome; scans the code's, else the default. */
export function chooseReply(push: Push, replies: AccountReplies, target: SceneTarget | null): Reply | null {
  const { event } = push;
  if (event.kind === "scan") return target?.reply ?? (event.subscribed ? replies.follow : replies.scan);
  if (event.kind === "follow") return replies.follow;
  return null;
}

/**
 * Records a batch of pushes in one transaction and returns the reply XML each is answered with:
 * the first delivery's, for a retry. Nothing is answered before the commit.
 */
export async function writeBatch(directory: WebhookDirectory, pushes: Push[]): Promise<string[]> {
  return inTransaction(async (db) => {
    const version = await lockFollowers(db, pushes.map((p) => ({ accountId: p.account.id, openid: p.event.openid })));
    const resolved = await directory.resolve(db, version, pushes.map((p) => ({ accountId: p.account.id, scene: p.scene })));
    const createTime = Math.floor(Date.now() / 1000);
    const recorded = await recordEvents(
      db,
      pushes.map((push, i) => {
        const { replies, target } = resolved[i];
        const reply = chooseReply(push, replies, target);
        return {
          accountId: push.account.id,
          dedupKey: push.dedupKey,
          replyXml: reply ? buildReplyXml(reply, { toUser: push.event.openid, fromUser: push.inbound.fields.ToUserName ?? "", createTime }) : "success",
          kind: push.kind,
          openid: push.event.openid,
          scene: push.scene,
          qrCodeId: target?.qrCodeId ?? null,
          occurredAt: push.event.createTime,
          test: push.test,
        };
      }),
    );
    return recorded.map((r) => r.replyXml);
  });
}

/** A batch the database refused for its data is written again push by push, so one bad push fails alone. */
async function writeOrSplit(directory: WebhookDirectory, pushes: Push[]): Promise<(string | Error)[]> {
  try {
    return await writeBatch(directory, pushes);
  } catch (error) {
    if (pushes.length === 1 || !isDataError(error)) throw error;
    return Promise.all(pushes.map((p) => writeBatch(directory, [p]).then(([reply]) => reply, (e: Error) => e)));
  }
}

export type Recorder = GroupCommit<Push, string>;

/** One group-commit queue per process, writing on up to `writers` connections at once. */
export function createRecorder(directory: WebhookDirectory, writers = 2): Recorder {
  return new GroupCommit<Push, string>((pushes) => writeOrSplit(directory, pushes), {
    maxBatch: 200,
    writers,
    maxWaiting: 5_000,
    keyOf: (push) => `${push.account.id}:${push.event.openid}`,
  });
}
