import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Delivered } from "@/lib/scans/simulator";
import { isFollowing } from "./follow-state";

// What WeChat's servers know of a sandbox follower: each scan, follow, unfollow and message they
// made (each opens a window for customer-service messages), and every message they received.

export type InteractionKind = "subscribe" | "scan" | "unsubscribe" | "text";
export const EVENT_KINDS: readonly InteractionKind[] = ["subscribe", "scan"];

export type Interaction = { id: bigint; kind: InteractionKind; at: Date; passiveReply: boolean };

/** The passive reply as the simulator read it (`MsgType`, `Content`…), or "success"/"" for none. */
export type PassiveReply = Record<string, string> | "success" | "";

export type RecordedInteraction = {
  openid: string;
  kind: InteractionKind;
  at: number /* epoch ms */;
  reply: PassiveReply;
  /** The scene a scan (or a follow through a code) carried, or the text the user sent. */
  detail?: string | null;
};

/** Records what the follower did (and the passive reply they got, when known); returns its id. */
export async function recordInteraction(appId: string, input: RecordedInteraction): Promise<bigint> {
  const row = await prisma.sandboxInteraction.create({
    data: { appId, openid: input.openid, kind: input.kind, at: new Date(input.at), detail: input.detail ?? null },
  });
  await recordPassiveReply(appId, row.id, input.openid, input.reply, input.at);
  return row.id;
}

/** The webhook's answer to an interaction: a message counts against its window; "success" or nothing does not. */
export async function recordPassiveReply(appId: string, interactionId: bigint, openid: string, reply: PassiveReply, at: number) {
  if (typeof reply !== "object" || reply === null || typeof reply.MsgType !== "string") return;
  await prisma.$transaction([
    prisma.sandboxInteraction.update({ where: { id: interactionId }, data: { passiveReply: true } }),
    prisma.sandboxMessage.create({
      data: {
        appId,
        openid,
        origin: "passive",
        msgtype: reply.MsgType,
        content: passiveContent(reply),
        interactionId,
        sentAt: new Date(at),
      },
    }),
  ]);
}

// The reply's own fields, without the envelope every reply carries.
function passiveContent(reply: Record<string, string>): Prisma.InputJsonObject {
  const { ToUserName: _to, FromUserName: _from, CreateTime: _time, MsgType: _type, ...content } = reply;
  return content;
}

type Tx = Prisma.TransactionClient;

/** The follower's interactions up to `now`, newest first (what a window check reads). */
export async function recentInteractions(tx: Tx, appId: string, openid: string, now: number, take = 50): Promise<Interaction[]> {
  const rows = await tx.sandboxInteraction.findMany({
    where: { appId, openid, at: { lte: new Date(now) } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind as InteractionKind, at: r.at, passiveReply: r.passiveReply }));
}

/** Whether the sandbox ever saw this openid interact with the account (WeChat knows its own openids). */
export async function knownOpenids(appId: string, openids: readonly string[]): Promise<Set<string>> {
  const rows = await prisma.sandboxInteraction.findMany({
    where: { appId, openid: { in: [...openids] } },
    distinct: ["openid"],
    select: { openid: true },
  });
  return new Set(rows.map((r) => r.openid));
}

export type FollowerView = {
  appId: string;
  openid: string;
  following: boolean;
  interactions: { kind: InteractionKind; at: string; detail: string | null }[];
  messages: { origin: "passive" | "custom"; msgtype: string; content: unknown; sentAt: string }[];
  tags: { id: number; name: string }[];
};

/** Everything the sandbox knows of one follower, oldest first (the last 200 of each); all empty for a stranger. */
export async function followerView(appId: string, openid: string): Promise<FollowerView> {
  const [interactions, messages, tagRows, following] = await Promise.all([
    prisma.sandboxInteraction.findMany({ where: { appId, openid }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 200 }),
    prisma.sandboxMessage.findMany({ where: { appId, openid }, orderBy: [{ sentAt: "desc" }, { id: "desc" }], take: 200 }),
    prisma.sandboxUserTag.findMany({ where: { appId, openid }, orderBy: { tagId: "asc" } }),
    // The last subscribe or unsubscribe decides, even one older than the last 200 interactions.
    isFollowing(appId, openid),
  ]);
  const names = await prisma.sandboxTag.findMany({ where: { appId, id: { in: tagRows.map((t) => t.tagId) } } });
  const nameOf = new Map(names.map((t) => [t.id, t.name]));
  return {
    appId,
    openid,
    following,
    interactions: interactions
      .reverse()
      .map((i) => ({ kind: i.kind as InteractionKind, at: i.at.toISOString(), detail: i.detail })),
    messages: messages.reverse().map((m) => ({
      origin: m.origin as "passive" | "custom",
      msgtype: m.msgtype,
      content: m.content,
      sentAt: m.sentAt.toISOString(),
    })),
    tags: tagRows.map((t) => ({ id: t.tagId, name: nameOf.get(t.tagId) ?? "" })),
  };
}

/**
 * The simulator's onPush for a sandbox account: WeChat's servers know what their users did. The
 * interaction is recorded before the push (its window opens then), the passive reply once it came.
 */
export function recordSandboxDelivery(appId: string) {
  return async (delivered: Delivered) => {
    const { openid, kind, at, detail } = delivered;
    const id = await recordInteraction(appId, { openid, kind, at, detail, reply: "" });
    return (result: { reply: PassiveReply }) => recordPassiveReply(appId, id, delivered.openid, result.reply, Date.now());
  };
}
