import { prisma } from "./client";
import { recordAudit, SYSTEM_ACTOR } from "./audit";

/** What the public page and image of a live code need: its shared ticket and how to draw more. */
export type LiveCode = {
  id: number;
  accountId: number;
  /** The official account's name, as the public page greets with it. */
  accountName: string;
  name: string;
  perVisitor: boolean;
  /** The shared ticket's scene (one of the two), kept across renewals. */
  sceneId: number | null;
  sceneStr: string | null;
  url: string;
  expiresAt: Date;
};

const liveSelect = {
  id: true,
  accountId: true,
  name: true,
  perVisitor: true,
  sceneId: true,
  sceneStr: true,
  url: true,
  expiresAt: true,
  expireSeconds: true,
  account: { select: { name: true } },
} as const;

type LiveRow = Omit<LiveCode, "accountName" | "sceneId" | "url" | "expiresAt"> & {
  account: { name: string };
  sceneId: bigint | null;
  url: string | null;
  expiresAt: Date | null;
};

function toLiveCode({ id, accountId, account, name, perVisitor, sceneId, sceneStr, url, expiresAt }: LiveRow): LiveCode | null {
  if (url === null || expiresAt === null) return null;
  const scene = sceneId === null ? null : Number(sceneId);
  return { id, accountId, accountName: account.name, name, perVisitor, sceneId: scene, sceneStr, url, expiresAt };
}

/** The active live code with this slug, or null (unknown, still pending, or removed). */
export async function findLiveCode(slug: string): Promise<LiveCode | null> {
  const row = await prisma.qrCode.findFirst({
    where: { liveSlug: slug, status: "active", kind: "temporary", archivedAt: null },
    select: liveSelect,
  });
  return row && toLiveCode(row);
}

export type IssuedLiveTicket = { ticket: string; url: string; expireSeconds: number };

/**
 * Puts a new shared ticket on a live code whose ticket expires before `dueBefore`. The row stays
 * locked while `issue` asks WeChat, so visitors arriving together, on any instance, cause one
 * renewal: those who waited find the ticket renewed and take it. Once per ticket lifetime, so the
 * webhook's configuration cache is dropped that rarely.
 */
export async function renewLiveTicket(
  id: number,
  dueBefore: Date,
  issue: (code: LiveCode) => Promise<IssuedLiveTicket>,
): Promise<LiveCode | null> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM qr_codes WHERE id = ${id} FOR UPDATE`;
      const before = await tx.qrCode.findFirst({ where: { id, status: "active", kind: "temporary" }, select: liveSelect });
      const code = before && toLiveCode(before);
      if (!before || !code) return null;
      if (code.expiresAt > dueBefore) return code;
      const issued = await issue(code);
      const row = await tx.qrCode.update({
        where: { id },
        data: {
          ticket: issued.ticket,
          url: issued.url,
          expireSeconds: issued.expireSeconds,
          expiresAt: new Date(Date.now() + issued.expireSeconds * 1000),
        },
        select: liveSelect,
      });
      const ticketOf = (r: typeof row) => ({ url: r.url, expireSeconds: r.expireSeconds, expiresAt: r.expiresAt });
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: "code.renew",
        target: { type: "code", id, label: row.name },
        before: ticketOf(before),
        after: ticketOf(row),
      });
      return toLiveCode(row);
    },
    // WeChat is asked inside: its client's own retries and time-outs bound the wait.
    { maxWait: 30_000, timeout: 30_000 },
  );
}
