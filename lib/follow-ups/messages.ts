import { wechatClientFor } from "@/lib/accounts/wechat-client";
import { findAccountById } from "@/lib/db/accounts";
import { deliveredPositions, recordDelivery } from "@/lib/db/follow-ups";
import { asJobError, PermanentJobError } from "@/lib/jobs/errors";
import { QUEUES } from "@/lib/jobs/queues";
import { registerHandler, type Job } from "@/lib/jobs/worker";
import { addFollowUpSource } from "@/lib/webhook/follow-up-work";
import { WeChatApiError, type CustomMessage } from "@/lib/wechat";
import { replySequence } from "./sequence";

// Follow-up messages (客服消息), issue 10 point 3: after the passive reply, the messages of the
// code's sequence go out in order through message/custom/send, inside WeChat's minute after the
// event. Each message's outcome is kept (follow_up_deliveries): a retry sends only those not yet
// sent, and the test scan shows each one's status. They start a second after the event: the
// passive reply travels back to WeChat in the webhook's answer, and must reach the follower first.

const AFTER_PASSIVE_SECONDS = 1;

export type FollowUpJob = { accountId: number; openid: string; eventId: string; messages: CustomMessage[]; subject: string };

addFollowUpSource(
  // Cheap on the hot path: only a code with follow-ups or "welcome first" can have a sequence.
  (_push, { target }) => target !== null && (target.followUps.length > 0 || target.welcomeFirst),
  (push, { replies, target }, event) => {
    const messages = replySequence(push.event, replies, target).followUps;
    if (messages.length === 0) return [];
    return [
      {
        queue: QUEUES.followUp,
        startAfterSeconds: AFTER_PASSIVE_SECONDS,
        data: {
          accountId: push.account.id,
          openid: push.event.openid,
          eventId: event.eventId,
          messages,
          subject: `${push.event.openid}: ${messages.map((m) => m.type).join(" → ")}`,
        } satisfies FollowUpJob,
      },
    ];
  },
  { includeTests: true },
);

registerHandler(QUEUES.followUp, async (jobs: Job<FollowUpJob>[]) => {
  const failed = new Map<string, unknown>();
  for (const job of jobs) {
    try {
      await sendSequence(job.data);
    } catch (error) {
      failed.set(job.id, error);
    }
  }
  return failed;
});

/** Positions are 1-based after the passive reply; those already sent are skipped. */
async function sendSequence({ accountId, openid, eventId, messages }: FollowUpJob): Promise<void> {
  const account = await findAccountById(accountId);
  if (!account) throw new PermanentJobError("the account no longer exists");
  const client = wechatClientFor(account);
  const sent = await deliveredPositions(eventId);
  for (const [i, message] of messages.entries()) {
    const position = i + 1;
    if (sent.has(position)) continue;
    try {
      await client.sendCustomMessage(openid, message);
    } catch (error) {
      const reason = asJobError(error);
      const wechat = error instanceof WeChatApiError ? error : null;
      await recordDelivery(
        eventId,
        position,
        "failed",
        wechat?.errcode ?? null,
        (wechat?.errmsg ?? reason.message).slice(0, 200),
      );
      throw reason; // the next messages wait: they must not arrive before this one
    }
    await recordDelivery(eventId, position, "sent", null, null);
  }
}
