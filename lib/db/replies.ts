import { prisma } from "./client";
import type { Reply as ReplyRow } from "@/lib/generated/prisma/client";
import type { ReplyInput } from "@/lib/validation/qrcodes";

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
export async function setQrCodeReply(qrCodeId: number, reply: ReplyInput | null): Promise<boolean> {
  const code = await prisma.qrCode.findFirst({ where: { id: qrCodeId, status: "active" }, select: { replyId: true } });
  if (!code) return false;
  if (reply === null) {
    if (code.replyId) await prisma.reply.delete({ where: { id: code.replyId } });
    return true;
  }
  await prisma.qrCode.update({
    where: { id: qrCodeId },
    data: { reply: { upsert: { create: replyData(reply), update: replyData(reply) } } },
  });
  return true;
}

export type AccountReplyKind = "follow" | "scan";

/** The account's fallbacks: `follow` for plain follows, `scan` for codes without their own reply. */
export async function setAccountReply(accountId: number, kind: AccountReplyKind, reply: ReplyInput | null): Promise<boolean> {
  const relation = kind === "follow" ? "followReply" : "scanReply";
  const account = await prisma.account.findUnique({
    where: { id: accountId },
    select: { followReplyId: true, scanReplyId: true },
  });
  if (!account) return false;
  const currentId = kind === "follow" ? account.followReplyId : account.scanReplyId;
  if (reply === null) {
    if (currentId) await prisma.reply.delete({ where: { id: currentId } });
    return true;
  }
  await prisma.account.update({
    where: { id: accountId },
    data: { [relation]: { upsert: { create: replyData(reply), update: replyData(reply) } } },
  });
  return true;
}

/** An account's fallbacks as GET/PUT /api/accounts/{id}/replies answer them. */
export type AccountReplies = Record<AccountReplyKind, ReplyView | null>;

export async function getAccountReplies(accountId: number): Promise<AccountReplies | null> {
  const account = await prisma.account.findUnique({
    where: { id: accountId },
    include: { followReply: true, scanReply: true },
  });
  if (!account) return null;
  return {
    follow: account.followReply ? toReplyView(account.followReply) : null,
    scan: account.scanReply ? toReplyView(account.scanReply) : null,
  };
}
