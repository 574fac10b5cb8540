import { prisma } from "./client";
import { recordAudit, type AuditActor } from "./audit";
import { REPLY_IMAGE_LIMITS } from "@/lib/limits";

/** An image of the account's WeChat permanent material, as the API lists it (no bytes). */
export type ReplyImageView = {
  id: number;
  accountId: number;
  mediaId: string;
  url: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  createdAt: Date;
  createdBy: string;
};

export type NewReplyImage = {
  accountId: number;
  accountName: string;
  mediaId: string;
  url: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  width: number | null;
  height: number | null;
};

const VIEW = {
  id: true,
  accountId: true,
  mediaId: true,
  url: true,
  fileName: true,
  contentType: true,
  byteSize: true,
  width: true,
  height: true,
  createdAt: true,
  createdBy: true,
} as const;

/** An image as the library lists it: with where it is a reply (such an image cannot be deleted). */
export type ListedReplyImage = ReplyImageView & { uses: ReplyImageUse[] };

/** Keeps an image WeChat accepted, with the audit entry, in one transaction. */
export async function saveReplyImage(image: NewReplyImage, actor: AuditActor): Promise<ListedReplyImage> {
  const { accountName, bytes, ...fields } = image;
  return prisma.$transaction(async (tx) => {
    const row = await tx.replyImage.create({
      data: { ...fields, bytes: new Uint8Array(bytes), byteSize: bytes.byteLength, createdBy: actor.name },
      select: VIEW,
    });
    await recordAudit(tx, actor, {
      action: "reply.image_upload",
      target: { type: "account", id: image.accountId, label: accountName },
      before: null,
      after: { image: { id: row.id, mediaId: row.mediaId, fileName: row.fileName, byteSize: row.byteSize } },
    });
    return { ...row, uses: [] };
  });
}

/** The account's images, newest first (the last REPLY_IMAGE_LIMITS.listed), each with its uses. */
export async function listReplyImages(accountId: number): Promise<ListedReplyImage[]> {
  const images = await prisma.replyImage.findMany({
    where: { accountId },
    orderBy: { id: "desc" },
    take: REPLY_IMAGE_LIMITS.listed,
    select: VIEW,
  });
  const uses = await replyImageUses(
    accountId,
    images.map((image) => image.mediaId),
  );
  return images.map((image) => ({ ...image, uses: uses.get(image.mediaId) ?? [] }));
}

/** One image's bytes and type; null when there is none by that id. */
export function replyImageContent(id: number): Promise<{ contentType: string; bytes: Uint8Array } | null> {
  return prisma.replyImage.findUnique({ where: { id }, select: { contentType: true, bytes: true } });
}

/** Where an image is a reply: a code's, a code's follow-up, a keyword rule's, or the account's welcome / scan / no-match reply. */
export type ReplyImageUse = { kind: "code" | "followUp" | "keyword" | "follow" | "scan" | "noMatch"; name: string | null };

/** The uses of each of the account's media_ids (in replies, follow-ups and their thumbnails), by media_id. */
export async function replyImageUses(accountId: number, mediaIds: string[]): Promise<Map<string, ReplyImageUse[]>> {
  const uses = new Map<string, ReplyImageUse[]>(mediaIds.map((id) => [id, []]));
  if (mediaIds.length === 0) return uses;
  const [replies, followUps] = await Promise.all([
    prisma.reply.findMany({
      where: {
        mediaId: { in: mediaIds },
        OR: [
          { qrCode: { accountId } },
          { keywordRule: { accountId } },
          { followOfAccount: { id: accountId } },
          { scanOfAccount: { id: accountId } },
          { noMatchOfAccount: { id: accountId } },
        ],
      },
      orderBy: { id: "asc" },
      select: {
        mediaId: true,
        qrCode: { select: { name: true } },
        keywordRule: { select: { keywords: true } },
        followOfAccount: { select: { id: true } },
        scanOfAccount: { select: { id: true } },
      },
    }),
    prisma.followUpMessage.findMany({
      where: { qrCode: { accountId }, OR: [{ mediaId: { in: mediaIds } }, { thumbMediaId: { in: mediaIds } }] },
      orderBy: { id: "asc" },
      select: { mediaId: true, thumbMediaId: true, qrCode: { select: { name: true } } },
    }),
  ]);
  for (const reply of replies) {
    const use: ReplyImageUse = reply.qrCode
      ? { kind: "code", name: reply.qrCode.name }
      : reply.keywordRule
        ? { kind: "keyword", name: reply.keywordRule.keywords.join(" / ") }
        : { kind: reply.followOfAccount ? "follow" : reply.scanOfAccount ? "scan" : "noMatch", name: null };
    uses.get(reply.mediaId ?? "")?.push(use);
  }
  for (const message of followUps)
    for (const mediaId of new Set([message.mediaId, message.thumbMediaId]))
      uses.get(mediaId ?? "")?.push({ kind: "followUp", name: message.qrCode.name });
  return uses;
}

/** One image as the API lists it, or null when there is none by that id. */
export function findReplyImage(id: number): Promise<ReplyImageView | null> {
  return prisma.replyImage.findUnique({ where: { id }, select: VIEW });
}

/** Forgets an image (WeChat's copy already deleted), with the audit entry, in one transaction. */
export async function deleteReplyImage(image: ReplyImageView, accountName: string, actor: AuditActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.replyImage.delete({ where: { id: image.id } });
    await recordAudit(tx, actor, {
      action: "reply.image_delete",
      target: { type: "account", id: image.accountId, label: accountName },
      before: { image: { id: image.id, mediaId: image.mediaId, fileName: image.fileName, byteSize: image.byteSize } },
      after: null,
    });
  });
}
