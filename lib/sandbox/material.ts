import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { IMAGE_CONTENT_TYPES, sniffImageFormat } from "@/lib/wechat/image-format";
import { MATERIAL_RULES } from "@/lib/wechat/limits";
import type { Checked } from "./tags";

// Permanent material as WeChat's servers keep it: each upload gets a media_id and (images) an
// mmbiz.qpic.cn address; an account holds at most 100,000 images. The bytes are kept so the
// sandbox page can show what a follower received.

export type MaterialType = (typeof MATERIAL_RULES.types)[number];
export type MaterialUpload = { fileName: string; bytes: Buffer };
export type MaterialLimits = { imageCount?: number };

const fail = (errcode: number) => ({ ok: false as const, errcode });

export const isMaterialType = (value: unknown): value is MaterialType =>
  typeof value === "string" && (MATERIAL_RULES.types as readonly string[]).includes(value);

// WeChat's permanent media_ids are 43 URL-safe base64 characters.
const newMediaId = () => randomBytes(32).toString("base64url").slice(0, 43);

/**
 * add_material for `type` (already known to be one of WeChat's): 40005 for bytes that are no
 * bmp/png/jpeg/gif image (the sandbox keeps images only), 40009 over 10 MB, 45034 when the account
 * already holds its 100,000 images (the count and the insert under one lock per account).
 */
export async function addMaterial(
  appId: string,
  type: MaterialType,
  upload: MaterialUpload,
  limits: MaterialLimits = {},
): Promise<Checked<{ mediaId: string; url: string }>> {
  const format = sniffImageFormat(upload.bytes);
  if (type !== "image" || !format) return fail(40005);
  if (upload.bytes.byteLength > MATERIAL_RULES.imageMaxBytes) return fail(40009);
  const most = limits.imageCount ?? MATERIAL_RULES.imageCount;
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sandbox:material:${appId}`}))`;
    if ((await tx.sandboxMaterial.count({ where: { appId, type } })) >= most) return fail(45034);
    const mediaId = newMediaId();
    const url = `http://mmbiz.qpic.cn/mmbiz_${format}/${randomBytes(30).toString("base64url")}/0?wx_fmt=${format}`;
    await tx.sandboxMaterial.create({
      data: {
        mediaId,
        appId,
        type,
        fileName: upload.fileName,
        contentType: IMAGE_CONTENT_TYPES[format],
        url,
        bytes: new Uint8Array(upload.bytes),
      },
    });
    return { ok: true as const, value: { mediaId, url } };
  });
}

/** get_materialcount: how many of each type the account holds (news is never added in the sandbox). */
export async function materialCount(appId: string) {
  const rows = await prisma.sandboxMaterial.groupBy({ by: ["type"], where: { appId }, _count: { _all: true } });
  const of = (type: MaterialType) => rows.find((r) => r.type === type)?._count._all ?? 0;
  return { voice_count: of("voice"), video_count: of("video"), image_count: of("image"), news_count: 0 };
}

/** One of the account's material, with its bytes (for the sandbox page); null when it has none by that id. */
export async function findMaterial(appId: string, mediaId: string) {
  return prisma.sandboxMaterial.findFirst({ where: { appId, mediaId }, select: { contentType: true, bytes: true } });
}

/** del_material: 40007 when the account holds no material by that media_id. */
export async function deleteMaterial(appId: string, mediaId: unknown): Promise<Checked<null>> {
  if (typeof mediaId !== "string" || mediaId === "") return fail(40007);
  const { count } = await prisma.sandboxMaterial.deleteMany({ where: { appId, mediaId } });
  return count === 1 ? { ok: true as const, value: null } : fail(40007);
}
