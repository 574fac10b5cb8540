import { createHash } from "node:crypto";
import { prisma } from "./client";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import type { Prisma } from "@/lib/generated/prisma/client";

// Centre logos, stored as validated PNGs (the route checks them with lib/qr/render.ts's checkLogo):
// a code's own, or else its campaign's.

export type LogoOwner = "code" | "campaign";

/** Which stored logo a code's images use, without its bytes. */
export type LogoRef = { owner: LogoOwner; ownerId: number; sha256: string };

export type StoredLogo = LogoRef & { png: Buffer; updatedAt: Date };

/** The code's effective logo (null: none); undefined when there is no such code. */
export async function effectiveLogo(codeId: number): Promise<StoredLogo | null | undefined> {
  const row = await prisma.qrCode.findUnique({
    where: { id: codeId },
    select: { logo: true, campaign: { select: { logo: true } } },
  });
  if (!row) return undefined;
  if (row.logo) return stored("code", row.logo.qrCodeId, row.logo);
  const inherited = row.campaign?.logo;
  return inherited ? stored("campaign", inherited.campaignId, inherited) : null;
}

/** The campaign's logo (null: none); undefined when there is no such campaign. */
export async function campaignLogo(campaignId: number): Promise<StoredLogo | null | undefined> {
  const row = await prisma.campaign.findUnique({ where: { id: campaignId }, select: { logo: true } });
  if (!row) return undefined;
  return row.logo ? stored("campaign", campaignId, row.logo) : null;
}

function stored(owner: LogoOwner, ownerId: number, row: { png: Uint8Array; sha256: string; updatedAt: Date }): StoredLogo {
  return { owner, ownerId, sha256: row.sha256, updatedAt: row.updatedAt, png: Buffer.from(row.png) };
}

/** For each of these codes that has an effective logo, which one (one query, no bytes). */
export async function logoRefsOf(codeIds: number[]): Promise<Map<number, LogoRef>> {
  const rows = await prisma.qrCode.findMany({
    where: { id: { in: codeIds } },
    select: {
      id: true,
      logo: { select: { sha256: true } },
      campaignId: true,
      campaign: { select: { logo: { select: { sha256: true } } } },
    },
  });
  const refs = new Map<number, LogoRef>();
  for (const row of rows) {
    if (row.logo) refs.set(row.id, { owner: "code", ownerId: row.id, sha256: row.logo.sha256 });
    else if (row.campaignId !== null && row.campaign?.logo)
      refs.set(row.id, { owner: "campaign", ownerId: row.campaignId, sha256: row.campaign.logo.sha256 });
  }
  return refs;
}

/** Whose logo a code's images use and its fingerprint, what the code's page needs to know before it loads one. */
export type LogoInfo = { source: LogoOwner; sha256: string };

export async function logoInfoOf(codeId: number): Promise<LogoInfo | null> {
  const ref = (await logoRefsOf([codeId])).get(codeId);
  return ref ? { source: ref.owner, sha256: ref.sha256 } : null;
}

/** One stored logo's bytes (null when it has gone since its ref was read). */
export async function loadLogo(ref: LogoRef): Promise<Buffer | null> {
  const row =
    ref.owner === "code"
      ? await prisma.qrCodeLogo.findUnique({ where: { qrCodeId: ref.ownerId }, select: { png: true } })
      : await prisma.campaignLogo.findUnique({ where: { campaignId: ref.ownerId }, select: { png: true } });
  return row ? Buffer.from(row.png) : null;
}

const sha256Of = (png: Buffer) => createHash("sha256").update(png).digest("hex");

/** What the audit log keeps of a logo: its fingerprint and size, never the image. */
const logoSnapshot = (logo: { sha256: string; png: Uint8Array } | null) => ({
  logo: logo ? { sha256: logo.sha256, bytes: logo.png.byteLength } : null,
});

type Owner = { target: LogoOwner; id: number };

async function ownerLabel(tx: Prisma.TransactionClient, owner: Owner): Promise<string | null> {
  const row =
    owner.target === "code"
      ? await tx.qrCode.findUnique({ where: { id: owner.id }, select: { name: true } })
      : await tx.campaign.findUnique({ where: { id: owner.id }, select: { name: true } });
  return row?.name ?? null;
}

async function currentLogo(tx: Prisma.TransactionClient, owner: Owner) {
  return owner.target === "code"
    ? tx.qrCodeLogo.findUnique({ where: { qrCodeId: owner.id } })
    : tx.campaignLogo.findUnique({ where: { campaignId: owner.id } });
}

/** Stores (or replaces) an owner's logo, a PNG already checked. False when there is no such code or campaign. */
export function setLogo(owner: Owner, png: Buffer, actor: AuditActor = SYSTEM_ACTOR): Promise<StoredLogo | null> {
  return prisma.$transaction(async (tx) => {
    const label = await ownerLabel(tx, owner);
    if (label === null) return null;
    const before = await currentLogo(tx, owner);
    const data = { png: new Uint8Array(png), sha256: sha256Of(png) };
    const row =
      owner.target === "code"
        ? await tx.qrCodeLogo.upsert({ where: { qrCodeId: owner.id }, create: { qrCodeId: owner.id, ...data }, update: data })
        : await tx.campaignLogo.upsert({
            where: { campaignId: owner.id },
            create: { campaignId: owner.id, ...data },
            update: data,
          });
    await recordAudit(tx, actor, {
      action: owner.target === "code" ? "code.logo" : "campaign.logo",
      target: { type: owner.target, id: owner.id, label },
      before: logoSnapshot(before),
      after: logoSnapshot(row),
    });
    return stored(owner.target, owner.id, row);
  });
}

/** Removes an owner's logo; false when there is no such code or campaign (removing none is no change). */
export function removeLogo(owner: Owner, actor: AuditActor = SYSTEM_ACTOR): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const label = await ownerLabel(tx, owner);
    if (label === null) return false;
    const before = await currentLogo(tx, owner);
    if (!before) return true;
    if (owner.target === "code") await tx.qrCodeLogo.delete({ where: { qrCodeId: owner.id } });
    else await tx.campaignLogo.delete({ where: { campaignId: owner.id } });
    await recordAudit(tx, actor, {
      action: owner.target === "code" ? "code.logo" : "campaign.logo",
      target: { type: owner.target, id: owner.id, label },
      before: logoSnapshot(before),
      after: logoSnapshot(null),
    });
    return true;
  });
}
