import { prisma } from "./client";
import { invalid, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { BulkQrCodesInput, UpdateQrCodeInput } from "@/lib/validation/qrcodes";
import { recordAudit, type AuditActor } from "./audit";
import { codeSnapshot, codeTarget, toView, withNames, type QrCodeView } from "./qrcodes";
import { recountSlices } from "./stats-recount";

/** The statistics keys a change of channel or campaign leaves stale (campaign 0: none), to recount. */
type Moved = { channelIds: Set<number>; campaignIds: Set<number> };

async function channelId(tx: Prisma.TransactionClient, accountId: number, name: string) {
  const channel = await tx.channel.upsert({
    where: { accountId_name: { accountId, name } },
    create: { accountId, name },
    update: {},
  });
  return channel.id;
}

async function campaignId(tx: Prisma.TransactionClient, accountId: number, name: string | null) {
  if (name === null) return null;
  const campaign = await tx.campaign.upsert({
    where: { accountId_name: { accountId, name } },
    create: { accountId, name },
    update: {},
  });
  return campaign.id;
}

const auditAction = (before: QrCodeView, after: QrCodeView) =>
  before.archivedAt === null && after.archivedAt !== null
    ? "code.archive"
    : before.archivedAt !== null && after.archivedAt === null
      ? "code.unarchive"
      : "code.update";

/** Applies `input` to one code inside `tx`, recording it; what it moved goes into `moved`. */
async function applyUpdate(
  tx: Prisma.TransactionClient,
  id: number,
  input: UpdateQrCodeInput,
  actor: AuditActor,
  moved: Moved,
  now: Date,
): Promise<QrCodeView> {
  const row = await tx.qrCode.findFirst({ where: { id, status: "active" }, include: withNames });
  if (!row) throw notFound("QR code");
  const before = toView(row);

  const validFrom = input.validFrom === undefined ? row.validFrom : input.validFrom;
  const validTo = input.validTo === undefined ? row.validTo : input.validTo;
  if (validFrom && validTo && validFrom >= validTo)
    throw invalid("invalid_schedule", "validTo must be after validFrom", input.validTo === undefined ? "validFrom" : "validTo");

  const newChannelId = input.channel === undefined ? row.channelId : await channelId(tx, row.accountId, input.channel);
  const newCampaignId = input.campaign === undefined ? row.campaignId : await campaignId(tx, row.accountId, input.campaign);
  const data: Prisma.QrCodeUncheckedUpdateInput = {
    name: input.name,
    channelId: newChannelId,
    campaignId: newCampaignId,
    note: input.note === undefined ? undefined : input.note || null,
    validFrom,
    validTo,
    archivedAt: input.archived === undefined ? undefined : input.archived ? (row.archivedAt ?? now) : null,
  };
  const after = toView(await tx.qrCode.update({ where: { id }, data, include: withNames }));

  if (newChannelId !== row.channelId) moved.channelIds.add(row.channelId).add(newChannelId);
  if (newCampaignId !== row.campaignId) moved.campaignIds.add(row.campaignId ?? 0).add(newCampaignId ?? 0);
  await recordAudit(tx, actor, {
    action: auditAction(before, after),
    target: codeTarget(after),
    before: codeSnapshot(before),
    after: codeSnapshot(after),
  });
  return after;
}

/** After the change is committed: the statistics of the channels and campaigns a code left or joined follow it. */
async function recountMoved(accountId: number, moved: Moved) {
  if (moved.channelIds.size === 0 && moved.campaignIds.size === 0) return;
  await recountSlices(accountId, { channelIds: [...moved.channelIds], campaignIds: [...moved.campaignIds] });
}

/** PATCH /api/qrcodes/{id}. A code moved to another channel or campaign takes its history with it. */
export async function updateQrCode(id: number, input: UpdateQrCodeInput, actor: AuditActor): Promise<QrCodeView> {
  const moved: Moved = { channelIds: new Set(), campaignIds: new Set() };
  const code = await prisma.$transaction((tx) => applyUpdate(tx, id, input, actor, moved, new Date()));
  await recountMoved(code.accountId, moved);
  return code;
}

/**
 * POST /api/qrcodes/bulk: archive, unarchive or move to a campaign every code named, all or none
 * (an unknown id is a 404 and nothing changes). Codes of several accounts recount per account.
 */
export async function bulkUpdateQrCodes(input: BulkQrCodesInput, actor: AuditActor): Promise<QrCodeView[]> {
  const change: UpdateQrCodeInput =
    input.action === "move" ? { campaign: input.campaign } : { archived: input.action === "archive" };
  const ids = [...new Set(input.ids)];
  const movedByAccount = new Map<number, Moved>();
  const now = new Date();
  const codes = await prisma.$transaction(
    async (tx) => {
      const updated: QrCodeView[] = [];
      for (const id of ids) {
        const owner = await tx.qrCode.findFirst({ where: { id, status: "active" }, select: { accountId: true } });
        if (!owner) throw notFound(`QR code ${id}`);
        const moved = movedByAccount.get(owner.accountId) ?? { channelIds: new Set<number>(), campaignIds: new Set<number>() };
        movedByAccount.set(owner.accountId, moved);
        updated.push(await applyUpdate(tx, id, change, actor, moved, now));
      }
      return updated;
    },
    { timeout: 30_000 },
  );
  for (const [accountId, moved] of movedByAccount) await recountMoved(accountId, moved);
  return codes;
}
