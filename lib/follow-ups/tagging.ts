import { wechatClientFor } from "@/lib/accounts/wechat-client";
import { findAccountById } from "@/lib/db/accounts";
import { asJobError, PermanentJobError } from "@/lib/jobs/errors";
import { QUEUES } from "@/lib/jobs/queues";
import { registerHandler, type Job } from "@/lib/jobs/worker";
import { addFollowUpSource } from "@/lib/webhook/follow-up-work";
import { TAG_RULES, WeChatApiError, type WeChatApiClient } from "@/lib/wechat";

// Channel tags (渠道标签), issue 10 point 2: a follower who scans a code (following through it or
// not) gets the code's and its channel's WeChat tags. One job per scan; a worker folds the jobs it
// takes into one batchtagging call per account and tag, 50 openids at most.

export type TaggingJob = { accountId: number; openid: string; tags: string[]; subject: string };

addFollowUpSource(
  (push, { target }) => (target?.tags.length ?? 0) > 0 && (push.kind === "scan" || push.kind === "scan_subscribe"),
  (push, { target }) => [
    {
      queue: QUEUES.tagging,
      data: {
        accountId: push.account.id,
        openid: push.event.openid,
        tags: target!.tags,
        subject: `${push.event.openid} ← ${target!.tags.join(", ")}`,
      } satisfies TaggingJob,
    },
  ],
);

registerHandler(QUEUES.tagging, async (jobs: Job<TaggingJob>[]) => {
  const failed = new Map<string, unknown>();
  for (const [accountId, group] of groupBy(jobs, (j) => j.data.accountId)) {
    const account = await findAccountById(accountId);
    if (!account) {
      for (const job of group) failed.set(job.id, new PermanentJobError("the account no longer exists"));
      continue;
    }
    await tagAccount(wechatClientFor(account), group, failed);
  }
  return failed;
});

async function tagAccount(client: WeChatApiClient, jobs: Job<TaggingJob>[], failed: Map<string, unknown>): Promise<void> {
  const byTag = groupBy(
    jobs.flatMap((job) => job.data.tags.map((tag) => ({ tag, job }))),
    (m) => m.tag,
  );
  let ids: Map<string, number | Error>;
  try {
    ids = await tagIds(client, [...byTag.keys()]);
  } catch (error) {
    for (const job of jobs) failed.set(job.id, asJobError(error));
    return;
  }
  for (const [tag, members] of byTag) {
    const id = ids.get(tag)!;
    const pending = members.filter((m) => !failed.has(m.job.id));
    if (id instanceof Error) {
      for (const m of pending) failed.set(m.job.id, id);
      continue;
    }
    for (let i = 0; i < pending.length; i += TAG_RULES.openidsPerBatch) {
      await tagMembers(
        client,
        id,
        pending.slice(i, i + TAG_RULES.openidsPerBatch).map((m) => m.job),
        failed,
      );
    }
  }
}

/** One batchtagging call; when WeChat refuses it for one follower's tag count (45059), each follower alone, so the others get the tag. */
async function tagMembers(client: WeChatApiClient, tagId: number, jobs: Job<TaggingJob>[], failed: Map<string, unknown>) {
  const openids = [...new Set(jobs.map((j) => j.data.openid))];
  try {
    await client.batchTagging(tagId, openids);
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === 45059 && openids.length > 1) {
      for (const openid of openids)
        await tagMembers(
          client,
          tagId,
          jobs.filter((j) => j.data.openid === openid),
          failed,
        );
      return;
    }
    for (const job of jobs) failed.set(job.id, asJobError(error));
  }
}

/** Each tag's id at WeChat, created when missing (another instance may create it meanwhile: 45157, read again); an Error for a tag WeChat will not create. */
async function tagIds(client: WeChatApiClient, names: string[]): Promise<Map<string, number | Error>> {
  const known = new Map((await client.getTags()).map((t) => [t.name, t.id]));
  const ids = new Map<string, number | Error>();
  for (const name of names) {
    const existing = known.get(name);
    if (existing !== undefined) {
      ids.set(name, existing);
      continue;
    }
    try {
      ids.set(name, (await client.createTag(name)).id);
    } catch (error) {
      if (error instanceof WeChatApiError && error.errcode === 45157) {
        const again = (await client.getTags()).find((t) => t.name === name);
        if (again) {
          ids.set(name, again.id);
          continue;
        }
      }
      const reason = asJobError(error);
      if (!(reason instanceof PermanentJobError)) throw error;
      ids.set(name, reason);
    }
  }
  return ids;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
