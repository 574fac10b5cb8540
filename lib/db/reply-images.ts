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

/** Keeps an image WeChat accepted, with the audit entry, in one transaction. */
export async function saveReplyImage(image: NewReplyImage, actor: AuditActor): Promise<ReplyImageView> {
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
    return row;
  });
}

/** The account's images, newest first (the last REPLY_IMAGE_LIMITS.listed). */
export function listReplyImages(accountId: number): Promise<ReplyImageView[]> {
  return prisma.replyImage.findMany({
    where: { accountId },
    orderBy: { id: "desc" },
    take: REPLY_IMAGE_LIMITS.listed,
    select: VIEW,
  });
}

/** One image's bytes and type; null when there is none by that id. */
export function replyImageContent(id: number): Promise<{ contentType: string; bytes: Uint8Array } | null> {
  return prisma.replyImage.findUnique({ where: { id }, select: { contentType: true, bytes: true } });
}
