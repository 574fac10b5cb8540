import { prisma } from "./client";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, invalid } from "@/lib/errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import { NO_RECENT_COUNTS, recentCounts, type RecentCounts } from "./group-counts";
import { recountSlices } from "./stats-recount";
import { listedCodes, type NamedGroup } from "./campaigns";

/** A channel as its management page lists it: its codes and what they counted recently. */
export type ChannelView = NamedGroup & RecentCounts;

const select = { id: true, accountId: true, name: true, ...listedCodes };

export async function listChannels(accountId?: number): Promise<ChannelView[]> {
  const [rows, recent] = await Promise.all([
    prisma.channel.findMany({ where: accountId ? { accountId } : {}, orderBy: [{ name: "asc" }, { id: "asc" }], select }),
    recentCounts("channel", accountId),
  ]);
  return rows.map(({ _count, ...row }) => ({ ...row, codes: _count.qrCodes, ...(recent.get(row.id) ?? NO_RECENT_COUNTS) }));
}

const channelTarget = (channel: { id: number; name: string }) => ({
  type: "channel" as const,
  id: channel.id,
  label: channel.name,
});

function nameTaken(error: unknown, name: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    throw conflict("name_taken", `this account already has a channel named ${name}`, "name");
  throw error;
}

/** Renames a channel (its statistics stay as they are: they follow the id). Null when there is none. */
export async function renameChannel(id: number, name: string, actor: AuditActor = SYSTEM_ACTOR): Promise<NamedGroup | null> {
  return prisma
    .$transaction(async (tx) => {
      const before = await tx.channel.findUnique({ where: { id }, select });
      if (!before) return null;
      const { _count, ...after } = await tx.channel.update({ where: { id }, data: { name }, select });
      await recordAudit(tx, actor, {
        action: "channel.rename",
        target: channelTarget(before),
        before: { name: before.name },
        after: { name: after.name },
      });
      return { ...after, codes: _count.qrCodes };
    })
    .catch((error) => nameTaken(error, name));
}

export type ChannelMerge = { from: NamedGroup; into: NamedGroup };

/**
 * Merges channel `id` into channel `intoId` of the same account: in one transaction its codes move
 * over and it is deleted; then the statistics of both are recounted from the events, so the target's
 * rows hold both channels' scans (unique scanners counted once) and the merged channel's are gone.
 * Null when `id` names no channel.
 */
export async function mergeChannel(id: number, intoId: number, actor: AuditActor = SYSTEM_ACTOR): Promise<ChannelMerge | null> {
  if (id === intoId) throw invalid("same_channel", "a channel cannot be merged into itself", "into");
  const merge = await prisma.$transaction(async (tx) => {
    // Both rows locked, in id order, so two merges of the same pair cannot cross.
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM channels WHERE id IN (${id}, ${intoId}) ORDER BY id FOR UPDATE`;
    if (!locked.some((row) => row.id === id)) return null;
    const from = await tx.channel.findUniqueOrThrow({ where: { id }, select });
    const into = await tx.channel.findUnique({ where: { id: intoId }, select });
    if (!into || into.accountId !== from.accountId)
      throw invalid("unknown_channel", "must be another channel of the same account", "into");
    const moved = await tx.qrCode.updateMany({ where: { channelId: id }, data: { channelId: intoId } });
    await tx.channel.delete({ where: { id } });
    const result: ChannelMerge = {
      from: { id: from.id, accountId: from.accountId, name: from.name, codes: 0 },
      into: { id: into.id, accountId: into.accountId, name: into.name, codes: into._count.qrCodes + from._count.qrCodes },
    };
    await recordAudit(tx, actor, {
      action: "channel.merge",
      target: channelTarget(from),
      before: { name: from.name, codes: from._count.qrCodes },
      after: { mergedInto: into.name, mergedIntoId: into.id, movedCodes: moved.count },
    });
    return result;
  });
  if (merge) await recountSlices(merge.into.accountId, { channelIds: [id, intoId] });
  return merge;
}
