import { prisma } from "./client";
import { recordAudit, type AuditActor } from "./audit";
import type { TagsInput } from "@/lib/validation/tags";

/** What a code's or channel's tags are; a code's scans also carry its channel's (lib/db/webhook-config.ts). */
export type Tags = { tags: string[] };

export async function codeTags(id: number): Promise<(Tags & { channelTags: string[] }) | null> {
  const code = await prisma.qrCode.findFirst({
    where: { id, status: "active" },
    select: { tags: true, channel: { select: { tags: true } } },
  });
  return code && { tags: code.tags, channelTags: code.channel.tags };
}

export async function channelTags(id: number): Promise<Tags | null> {
  return prisma.channel.findUnique({ where: { id }, select: { tags: true } });
}

/** Replaces an active code's tags (audited); null when there is no such code. */
export async function setCodeTags(id: number, { tags }: TagsInput, actor: AuditActor): Promise<Tags | null> {
  return prisma.$transaction(async (tx) => {
    const code = await tx.qrCode.findFirst({ where: { id, status: "active" }, select: { name: true, tags: true } });
    if (!code) return null;
    await tx.qrCode.update({ where: { id }, data: { tags } });
    await recordAudit(tx, actor, {
      action: "code.tags",
      target: { type: "code", id, label: code.name },
      before: { tags: code.tags },
      after: { tags },
    });
    return { tags };
  });
}

/** Replaces a channel's tags (audited); null when there is no such channel. */
export async function setChannelTags(id: number, { tags }: TagsInput, actor: AuditActor): Promise<Tags | null> {
  return prisma.$transaction(async (tx) => {
    const channel = await tx.channel.findUnique({ where: { id }, select: { name: true, tags: true } });
    if (!channel) return null;
    await tx.channel.update({ where: { id }, data: { tags } });
    await recordAudit(tx, actor, {
      action: "channel.tags",
      target: { type: "channel", id, label: channel.name },
      before: { tags: channel.tags },
      after: { tags },
    });
    return { tags };
  });
}
