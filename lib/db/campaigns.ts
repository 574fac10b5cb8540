import { prisma } from "./client";

/** A campaign or channel as the filters and forms list it, with how many codes use it. */
export type NamedGroup = { id: number; accountId: number; name: string; codes: number };

const activeCodes = { _count: { select: { qrCodes: { where: { status: "active" as const } } } } };

export async function listCampaigns(accountId?: number): Promise<NamedGroup[]> {
  const rows = await prisma.campaign.findMany({
    where: accountId ? { accountId } : {},
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, accountId: true, name: true, ...activeCodes },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, codes: _count.qrCodes }));
}

export async function listChannels(accountId?: number): Promise<NamedGroup[]> {
  const rows = await prisma.channel.findMany({
    where: accountId ? { accountId } : {},
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, accountId: true, name: true, ...activeCodes },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, codes: _count.qrCodes }));
}
