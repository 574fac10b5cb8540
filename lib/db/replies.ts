import { prisma } from "./client";
import type { Reply as ReplyRow } from "@/lib/generated/prisma/client";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import type { AuditSnapshot } from "@/lib/audit";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";

/** A reply as the API shows it; the same shape lib/wechat builds passive replies from. */
export type ReplyView = ReplyInput;

export function replyData(input: ReplyInput) {
  return {
    type: input.type,
    content: input.type === "text" ? input.content : "",
    mediaId: input.type === "image" ? input.mediaId : null,
    title: input.type === "news" ? input.title : null,
    description: input.type === "news" ? (input.description ?? null) : null,
    picUrl: input.type === "news" ? (input.picUrl ?? null) : null,
    url: input.type === "news" ? (input.url ?? null) : null,
  };
}

export function toReplyView(
  row: Pick<ReplyRow, "type" | "content" | "mediaId" | "title" | "description" | "picUrl" | "url">,
): ReplyView {
  if (row.type === "image") return { type: "image", mediaId: row.mediaId ?? "" };
  if (row.type === "news")
    return {
      type: "news",
      title: row.title ?? "",
      ...(row.description ? { description: row.description } : {}),
      ...(row.picUrl ? { picUrl: row.picUrl } : {}),
      ...(row.url ? { url: row.url } : {}),
    };
  return { type: "text", content: row.content };
}

/** Sets (or with null removes) the reply a code's scanners receive. Returns false if no such code. */
export async function setQrCodeReply(
  qrCodeId: number,
  reply: ReplyInput | null,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const code = await tx.qrCode.findFirst({ where: { id: qrCodeId, status: "active" }, select: { name: true, reply: true } });
    if (!code) return false;
    if (reply === null) {
      if (code.reply) await tx.reply.delete({ where: { id: code.reply.id } });
    } else {
      await tx.qrCode.update({
        where: { id: qrCodeId },
        data: { reply: { upsert: { create: replyData(reply), update: replyData(reply) } } },
      });
    }
    await recordAudit(tx, actor, {
      action: reply === null ? "reply.remove" : "reply.update",
      target: { type: "code", id: qrCodeId, label: code.name },
      before: { reply: code.reply && toReplyView(code.reply) },
      after: { reply },
    });
    return true;
  });
}

export type AccountReplyKind = "follow" | "scan" | "noMatch";
const ACCOUNT_REPLY_KINDS: AccountReplyKind[] = ["follow", "scan", "noMatch"];

/**
 * The account's fallbacks: `follow` for plain follows, `scan` for codes without their own reply,
 * `noMatch` for text messages no keyword rule answers.
 */
export async function setAccountReply(
  accountId: number,
  kind: AccountReplyKind,
  reply: ReplyInput | null,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<boolean> {
  return setAccountReplies(accountId, { [kind]: reply }, actor);
}

const REPLY_RELATION = { follow: "followReply", scan: "scanReply", noMatch: "noMatchReply" } as const;
const include = { followReply: true, scanReply: true, noMatchReply: true } as const;

/** Sets (null: removes) the fallbacks given, together and as one change. Returns false if no such account. */
export async function setAccountReplies(
  accountId: number,
  replies: Partial<Record<AccountReplyKind, ReplyInput | null>>,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const account = await tx.account.findUnique({ where: { id: accountId }, include });
    if (!account) return false;
    const before: AuditSnapshot = {};
    const after: AuditSnapshot = {};
    for (const kind of ACCOUNT_REPLY_KINDS) {
      const reply = replies[kind];
      if (reply === undefined) continue;
      const current = account[REPLY_RELATION[kind]];
      before[kind] = current && toReplyView(current);
      after[kind] = reply;
      if (reply === null) {
        if (current) await tx.reply.delete({ where: { id: current.id } });
        continue;
      }
      await tx.account.update({
        where: { id: accountId },
        data: { [REPLY_RELATION[kind]]: { upsert: { create: replyData(reply), update: replyData(reply) } } },
      });
    }
    const removed = Object.values(after).every((reply) => reply === null);
    await recordAudit(tx, actor, {
      action: removed ? "reply.remove" : "reply.update",
      target: { type: "account", id: accountId, label: account.name },
      before,
      after,
    });
    return true;
  });
}

/** An account's fallbacks as GET/PUT /api/accounts/{id}/replies answer them. */
export type AccountReplies = Record<AccountReplyKind, ReplyView | null>;

export async function getAccountReplies(accountId: number): Promise<AccountReplies | null> {
  const account = await prisma.account.findUnique({ where: { id: accountId }, include });
  if (!account) return null;
  return {
    follow: account.followReply ? toReplyView(account.followReply) : null,
    scan: account.scanReply ? toReplyView(account.scanReply) : null,
    noMatch: account.noMatchReply ? toReplyView(account.noMatchReply) : null,
  };
}
