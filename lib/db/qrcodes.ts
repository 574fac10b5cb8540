import { prisma } from "./client";
import { conflict } from "@/lib/errors";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import { replyData, toReplyView, type ReplyView } from "./replies";
import { QR_RULES, showQrCodeUrl } from "@/lib/wechat";
import type { Prisma, QrKind } from "@/lib/generated/prisma/client";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";

const SCENE_LOCK_NAMESPACE = 7301; // pg_advisory_xact_lock(namespace, accountId)
const FIRST_TEMPORARY_AUTO_SCENE = QR_RULES.permanentSceneId.max + 1;

export type QrCodeView = {
  id: number;
  accountId: number;
  name: string;
  channel: string;
  campaign: string | null;
  kind: QrKind;
  sceneId: number | null;
  sceneStr: string | null;
  ticket: string | null;
  url: string | null;
  imageUrl: string | null;
  expireSeconds: number | null;
  expiresAt: string | null;
  status: "pending" | "active" | "expired";
  reply: ReplyView | null;
  /** A channel's sign-in code (scan-to-follow sign-in): no image of its own, each binding has one. */
  signIn: boolean;
  createdAt: string;
};

const withNames = { channel: true, campaign: true, reply: true } as const;
type QrCodeRow = Prisma.QrCodeGetPayload<{ include: typeof withNames }>;

function toView(row: QrCodeRow, now = Date.now()): QrCodeView {
  const expired = row.expiresAt !== null && row.expiresAt.getTime() <= now;
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    channel: row.channel.name,
    campaign: row.campaign?.name ?? null,
    kind: row.kind,
    sceneId: row.sceneId === null ? null : Number(row.sceneId),
    sceneStr: row.sceneStr,
    ticket: row.ticket,
    url: row.url,
    imageUrl: row.ticket ? showQrCodeUrl(row.ticket) : null,
    expireSeconds: row.expireSeconds,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    status: row.status === "pending" ? "pending" : expired ? "expired" : "active",
    reply: row.reply ? toReplyView(row.reply) : null,
    signIn: row.signIn,
    createdAt: row.createdAt.toISOString(),
  };
}

export type Reservation = {
  accountId: number;
  name: string;
  channel: string;
  campaign?: string;
  kind: QrKind;
  sceneId?: number;
  sceneStr?: string;
  reply?: ReplyInput;
};

/**
 * Claims a scene for a new code before WeChat is asked: checks the permanent quota and scene
 * collisions under a per-account lock, allocates a free integer scene when none was given, and
 * stores the code as `pending`. Returns the claimed scene.
 */
export async function reserveQrCode(input: Reservation): Promise<{ id: number; sceneId?: number; sceneStr?: string }> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${SCENE_LOCK_NAMESPACE}::int, ${input.accountId}::int)::text`;
    await tx.qrCode.deleteMany({
      where: { accountId: input.accountId, status: "pending", createdAt: { lt: new Date(Date.now() - 10 * 60_000) } },
    });

    if (input.kind === "permanent") {
      const used = await tx.qrCode.count({ where: { accountId: input.accountId, kind: "permanent" } });
      if (used >= QR_RULES.permanentQuota)
        throw conflict("permanent_quota_reached", `This account already has ${used} permanent codes, WeChat's limit`);
    }

    let { sceneId, sceneStr } = input;
    if (sceneId === undefined && sceneStr === undefined) sceneId = await freeSceneId(tx, input.accountId, input.kind);
    await refuseTakenScene(tx, input.accountId, sceneId, sceneStr);

    // One connection per transaction: its queries run one after the other.
    const channel = await tx.channel.upsert({
      where: { accountId_name: { accountId: input.accountId, name: input.channel } },
      create: { accountId: input.accountId, name: input.channel },
      update: {},
    });
    const campaign = input.campaign
      ? await tx.campaign.upsert({
          where: { accountId_name: { accountId: input.accountId, name: input.campaign } },
          create: { accountId: input.accountId, name: input.campaign },
          update: {},
        })
      : null;
    const row = await tx.qrCode.create({
      data: {
        account: { connect: { id: input.accountId } },
        channel: { connect: { id: channel.id } },
        campaign: campaign ? { connect: { id: campaign.id } } : undefined,
        name: input.name,
        kind: input.kind,
        sceneId: sceneId === undefined ? null : BigInt(sceneId),
        sceneStr: sceneStr ?? null,
        status: "pending",
        reply: input.reply ? { create: replyData(input.reply) } : undefined,
      },
    });
    return { id: row.id, sceneId, sceneStr };
  });
}

/** A string scene of digits arrives as the same EventKey as that integer scene, so both collide. */
async function refuseTakenScene(tx: Prisma.TransactionClient, accountId: number, sceneId?: number, sceneStr?: string) {
  const asNumber = sceneStr !== undefined && /^\d{1,10}$/.test(sceneStr) ? BigInt(sceneStr) : undefined;
  const taken = await tx.qrCode.findFirst({
    where: {
      accountId,
      OR: [
        ...(sceneId !== undefined ? [{ sceneId: BigInt(sceneId) }, { sceneStr: String(sceneId) }] : []),
        ...(sceneStr !== undefined ? [{ sceneStr }] : []),
        ...(asNumber !== undefined ? [{ sceneId: asNumber }] : []),
      ],
    },
    select: { id: true },
  });
  if (taken) {
    const field = sceneId !== undefined ? "sceneId" : "sceneStr";
    throw conflict("scene_taken", `${field} ${sceneId ?? sceneStr} is already used by code ${taken.id} on this account`, field);
  }
}

async function freeSceneId(tx: Prisma.TransactionClient, accountId: number, kind: QrKind): Promise<number> {
  if (kind === "permanent") {
    const rows = await tx.$queryRaw<{ s: number }[]>`
      SELECT s::int AS s FROM generate_series(1, ${QR_RULES.permanentSceneId.max}::int) s
      WHERE NOT EXISTS (SELECT 1 FROM qr_codes WHERE account_id = ${accountId} AND scene_id = s)
      LIMIT 1`;
    if (!rows[0]) throw conflict("no_free_scene", "Every permanent integer scene is in use; use a string scene");
    return rows[0].s;
  }
  const rows = await tx.$queryRaw<{ next: bigint }[]>`
    SELECT GREATEST(COALESCE(MAX(scene_id), 0), ${FIRST_TEMPORARY_AUTO_SCENE - 1}::bigint) + 1 AS next
    FROM qr_codes WHERE account_id = ${accountId}`;
  const next = Number(rows[0].next);
  if (next > QR_RULES.temporarySceneId.max)
    throw conflict("no_free_scene", "No free temporary integer scene is left; use a string scene");
  return next;
}

export async function activateQrCode(
  id: number,
  issued: { ticket: string; url: string; expireSeconds: number | null },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<QrCodeView> {
  return audited(
    actor,
    async (tx) =>
      toView(
        await tx.qrCode.update({
          where: { id },
          data: {
            ticket: issued.ticket,
            url: issued.url,
            expireSeconds: issued.expireSeconds,
            expiresAt: issued.expireSeconds === null ? null : new Date(Date.now() + issued.expireSeconds * 1000),
            status: "active",
          },
          include: withNames,
        }),
      ),
    // A code exists for its users once WeChat has issued it: its creation is recorded here, not at the reservation.
    (code) => ({ action: "code.create", target: codeTarget(code), after: codeSnapshot(code) }),
  );
}

/** A code as the audit log names it and shows it. */
const codeTarget = (code: QrCodeView) => ({ type: "code" as const, id: code.id, label: code.name });
function codeSnapshot(code: QrCodeView) {
  const { name, channel, campaign, kind, sceneId, sceneStr, expireSeconds, expiresAt, reply, accountId } = code;
  return { accountId, name, channel, campaign, kind, sceneId, sceneStr, expireSeconds, expiresAt, reply };
}

/**
 * Drops a reservation WeChat refused, so no code is left behind and the scene is free again.
 * Only a pending code: no event can name it yet (the event log has no foreign keys to keep).
 */
export async function discardQrCode(id: number): Promise<void> {
  const row = await prisma.qrCode.delete({ where: { id, status: "pending" } });
  if (row.replyId) await prisma.reply.delete({ where: { id: row.replyId } });
}

export async function getQrCode(id: number): Promise<QrCodeView | null> {
  const row = await prisma.qrCode.findFirst({ where: { id, status: "active" }, include: withNames });
  return row && toView(row);
}

export type QrCodeFilter = {
  accountId?: number;
  q?: string;
  channel?: string;
  campaign?: string;
  kind?: QrKind;
  status?: "active" | "expired";
  /** newest first (the default), by name, or soonest expiry first (permanent codes last). */
  sort?: QrCodeSort;
  page: number;
  pageSize: number;
};

export type QrCodeSort = "newest" | "name" | "expiry";

const ORDER: Record<QrCodeSort, Prisma.QrCodeOrderByWithRelationInput[]> = {
  newest: [{ id: "desc" }],
  name: [{ name: "asc" }, { id: "desc" }],
  expiry: [{ expiresAt: { sort: "asc", nulls: "last" } }, { id: "desc" }],
};

/** An integer scene is found by its exact number, a string scene by any part of it. */
function sceneIdSearch(q: string): Prisma.QrCodeWhereInput[] {
  return /^\d{1,10}$/.test(q) && Number(q) > 0 ? [{ sceneId: BigInt(q) }] : [];
}

/** One page of the list as GET /api/qrcodes answers it. */
export type QrCodePage = { items: QrCodeView[]; total: number; page: number; pageSize: number };

export async function listQrCodesPage(query: QrCodeFilter): Promise<QrCodePage> {
  const { items, total } = await listQrCodes(query);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function listQrCodes(filter: QrCodeFilter): Promise<{ items: QrCodeView[]; total: number }> {
  const now = new Date();
  const conditions: Prisma.QrCodeWhereInput[] = [
    { status: "active" },
    filter.accountId ? { accountId: filter.accountId } : {},
    filter.kind ? { kind: filter.kind } : {},
    filter.channel ? { channel: { name: filter.channel } } : {},
    filter.campaign ? { campaign: { name: filter.campaign } } : {},
    filter.q
      ? {
          OR: [
            { name: { contains: filter.q, mode: "insensitive" } },
            { sceneStr: { contains: filter.q } },
            ...sceneIdSearch(filter.q),
          ],
        }
      : {},
    filter.status === "expired" ? { expiresAt: { lte: now } } : {},
    filter.status === "active" ? { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } : {},
  ];
  const where: Prisma.QrCodeWhereInput = { AND: conditions };
  const [rows, total] = await Promise.all([
    prisma.qrCode.findMany({
      where,
      include: withNames,
      orderBy: ORDER[filter.sort ?? "newest"],
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    }),
    prisma.qrCode.count({ where }),
  ]);
  return { items: rows.map((row) => toView(row, now.getTime())), total };
}

/** GET /api/accounts/{id}/quota: permanent codes used of WeChat's limit per account. */
export type PermanentQuota = { accountId: number; permanent: { used: number; limit: number; remaining: number } };

export async function countPermanentCodes(accountId: number): Promise<number> {
  return prisma.qrCode.count({ where: { accountId, kind: "permanent" } });
}

/** The active codes among `ids`, in the order asked; unknown ids are left out. */
export async function getQrCodesByIds(ids: number[]): Promise<QrCodeView[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.qrCode.findMany({ where: { id: { in: ids }, status: "active" }, include: withNames });
  const now = Date.now();
  const byId = new Map(rows.map((row) => [row.id, toView(row, now)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Puts a new ticket on an expired temporary code, keeping its id, scene, reply and events.
 * Conditional on the code still being expired, so two renewals at once cannot both apply:
 * null when it no longer is (or is not a temporary code).
 */
export async function renewQrCodeTicket(
  id: number,
  issued: { ticket: string; url: string; expireSeconds: number },
  now = new Date(),
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<QrCodeView | null> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.qrCode.findFirst({
      where: { id, status: "active", kind: "temporary", expiresAt: { lte: now } },
      include: withNames,
    });
    const { count } = await tx.qrCode.updateMany({
      where: { id, status: "active", kind: "temporary", expiresAt: { lte: now } },
      data: {
        ticket: issued.ticket,
        url: issued.url,
        expireSeconds: issued.expireSeconds,
        expiresAt: new Date(now.getTime() + issued.expireSeconds * 1000),
      },
    });
    if (count === 0 || !before) return null;
    const row = await tx.qrCode.findUniqueOrThrow({ where: { id }, include: withNames });
    const ticketOf = (r: QrCodeRow) => ({ url: r.url, expireSeconds: r.expireSeconds, expiresAt: r.expiresAt });
    const renewed = toView(row);
    await recordAudit(tx, actor, {
      action: "code.renew",
      target: codeTarget(renewed),
      before: ticketOf(before),
      after: ticketOf(row),
    });
    return renewed;
  });
}
