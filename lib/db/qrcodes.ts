import { prisma } from "./client";
import { conflict } from "@/lib/errors";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import { replyData, toReplyView, type ReplyView } from "./replies";
import { QR_RULES, showQrCodeUrl } from "@/lib/wechat";
import { Prisma, type QrKind } from "@/lib/generated/prisma/client";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import { countsOfCodes, NO_COUNTS, sortByCounts, type CodeCounts, type CountSort } from "./code-counts";

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
  /** A live code (活码): its public page is `path`, its image `${path}/image.png`. */
  live: LiveView | null;
  /** A channel's sign-in code (scan-to-follow sign-in): no image of its own, each binding has one. */
  signIn: boolean;
  createdAt: string;
  note: string | null;
  /** The schedule: a scan outside [validFrom, validTo) counts for no code and gets the account's default reply. */
  validFrom: string | null;
  validTo: string | null;
  /** Archived: answers and attributes nothing, left out of lists by default; its history stays. */
  archivedAt: string | null;
};

export type LiveView = { slug: string; perVisitor: boolean; path: string };

export const livePath = (slug: string) => `/q/${slug}`;

export const withNames = { channel: true, campaign: true, reply: true } as const;
export type QrCodeRow = Prisma.QrCodeGetPayload<{ include: typeof withNames }>;

export function toView(row: QrCodeRow, now = Date.now()): QrCodeView {
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
    live: row.liveSlug === null ? null : { slug: row.liveSlug, perVisitor: row.perVisitor, path: livePath(row.liveSlug) },
    signIn: row.signIn,
    createdAt: row.createdAt.toISOString(),
    note: row.note,
    validFrom: row.validFrom?.toISOString() ?? null,
    validTo: row.validTo?.toISOString() ?? null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
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
  live?: { slug: string; perVisitor: boolean };
  note?: string;
};

/**
 * Claims a scene for a new code before WeChat is asked: checks the permanent quota and scene
 * collisions under a per-account lock, allocates a free integer scene when none was given, and
 * stores the code as `pending`. Returns the claimed scene.
 */
export async function reserveQrCode(input: Reservation): Promise<{ id: number; sceneId?: number; sceneStr?: string }> {
  return reserveUnderLock(input).catch((error) => {
    if (input.live && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw slugTaken(input.live.slug);
    throw error;
  });
}

function reserveUnderLock(input: Reservation): Promise<{ id: number; sceneId?: number; sceneStr?: string }> {
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
    if (input.live) await refuseTakenSlug(tx, input.live.slug);

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
        note: input.note ?? null,
        reply: input.reply ? { create: replyData(input.reply) } : undefined,
        liveSlug: input.live?.slug ?? null,
        perVisitor: input.live?.perVisitor ?? false,
      },
    });
    return { id: row.id, sceneId, sceneStr };
  }, RESERVATION_QUEUE);
}

/**
 * A burst of creations for one account queues on its lock, each holding a connection meanwhile: the
 * last of a few hundred waits seconds, past Prisma's defaults (2 s for a connection, 5 s in all).
 */
const RESERVATION_QUEUE = { maxWait: 20_000, timeout: 20_000 };

/** A string scene of digits arrives as the same EventKey as that integer scene, so both collide. */
const sceneAsNumber = (sceneStr: string) => (/^\d{1,10}$/.test(sceneStr) ? BigInt(sceneStr) : undefined);

async function refuseTakenScene(tx: Prisma.TransactionClient, accountId: number, sceneId?: number, sceneStr?: string) {
  const asNumber = sceneStr === undefined ? undefined : sceneAsNumber(sceneStr);
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

/** Which of `sceneStrs` codes of the account already use (as that string, or as the integer it spells), and by which code. */
export async function findTakenSceneStrs(accountId: number, sceneStrs: string[]): Promise<Map<string, number>> {
  const numbers = sceneStrs.flatMap((sceneStr) => sceneAsNumber(sceneStr) ?? []);
  const rows = await prisma.qrCode.findMany({
    where: { accountId, OR: [{ sceneStr: { in: sceneStrs } }, { sceneId: { in: numbers } }] },
    select: { id: true, sceneStr: true, sceneId: true },
  });
  const taken = new Map<string, number>();
  for (const row of rows) taken.set(row.sceneStr ?? String(row.sceneId), row.id);
  return new Map(sceneStrs.flatMap((sceneStr) => (taken.has(sceneStr) ? [[sceneStr, taken.get(sceneStr)!] as const] : [])));
}

/**
 * Slugs are one namespace for every account (/q/{slug} names no account). Two accounts' lock do not
 * exclude each other, so a race between them ends at the unique index: createQrCode maps it to the same 409.
 */
async function refuseTakenSlug(tx: Prisma.TransactionClient, slug: string) {
  const taken = await tx.qrCode.findUnique({ where: { liveSlug: slug }, select: { id: true } });
  if (taken) throw slugTaken(slug);
}

export const slugTaken = (slug: string) => conflict("slug_taken", `the live code address /q/${slug} is taken`, "live.slug");

/** Where the last search of each account and kind ended: a hint only, the search itself is what is trusted. */
const sceneCursor = new Map<string, number>();

/**
 * The lowest free integer scene of the kind's allocation range at or after where the last search ended,
 * else from the range's start: temporary codes draw from above the permanent range (100001 to
 * 4294967295), permanent ones from 1 to 100000. Any scene a user chose is merely stepped over, so
 * none can jam the allocator, and a search walks the scene index, never every candidate.
 * Runs under the account's scene lock.
 */
async function freeSceneId(tx: Prisma.TransactionClient, accountId: number, kind: QrKind): Promise<number> {
  const range =
    kind === "permanent"
      ? { first: QR_RULES.permanentSceneId.min, last: QR_RULES.permanentSceneId.max }
      : { first: FIRST_TEMPORARY_AUTO_SCENE, last: QR_RULES.temporarySceneId.max };
  const key = `${accountId}:${kind}`;
  const hint = sceneCursor.get(key);
  const starts = hint !== undefined && hint > range.first && hint <= range.last ? [hint, range.first] : [range.first];
  for (const start of starts) {
    const scene = await firstFreeScene(tx, accountId, start, range.last);
    if (scene !== null) {
      sceneCursor.set(key, scene + 1);
      return scene;
    }
  }
  const hintText = kind === "permanent" ? "Every permanent integer scene is in use" : "No free temporary integer scene is left";
  throw conflict("no_free_scene", `${hintText}; use a string scene`);
}

/**
 * The first integer scene in [from, last] that no code holds as an integer or as a digit-only string
 * scene, by a walk of the (account_id, scene_id) index that stops at the first gap.
 */
async function firstFreeScene(tx: Prisma.TransactionClient, accountId: number, from: number, last: number) {
  for (let start = from; start <= last; ) {
    const rows = await tx.$queryRaw<{ free: bigint | null }[]>`
      SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM qr_codes WHERE account_id = ${accountId} AND scene_id = ${start}::bigint)
                  THEN ${start}::bigint
                  ELSE (SELECT g.scene_id + 1 FROM (
                          SELECT scene_id, lead(scene_id) OVER (ORDER BY scene_id) AS next
                            FROM qr_codes WHERE account_id = ${accountId} AND scene_id >= ${start}::bigint AND scene_id <= ${last}::bigint
                        ) AS g
                         WHERE g.scene_id < ${last}::bigint AND g.next IS DISTINCT FROM g.scene_id + 1
                         LIMIT 1)
             END AS free`;
    const free = rows[0]?.free;
    if (free === null || free === undefined) return null;
    // A digit-only string scene arrives as that integer's EventKey: step over it too (rare, so one probe each).
    const asString = await tx.qrCode.findFirst({ where: { accountId, sceneStr: String(free) }, select: { id: true } });
    if (!asString) return Number(free);
    start = Number(free) + 1;
  }
  return null;
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
export const codeTarget = (code: QrCodeView) => ({ type: "code" as const, id: code.id, label: code.name });
export function codeSnapshot(code: QrCodeView) {
  const { name, channel, campaign, kind, sceneId, sceneStr, expireSeconds, expiresAt, reply, accountId, live } = code;
  const { note, validFrom, validTo, archivedAt } = code;
  return {
    accountId,
    name,
    channel,
    campaign,
    kind,
    sceneId,
    sceneStr,
    expireSeconds,
    expiresAt,
    reply,
    ...(live ? { live } : {}),
    note,
    validFrom,
    validTo,
    archivedAt,
  };
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
  /** Archived codes are left out unless asked for. */
  archived?: "exclude" | "include" | "only";
  /** newest first (the default), by name, or soonest expiry first (permanent codes last). */
  sort?: QrCodeSort;
  page: number;
  pageSize: number;
};

export type QrCodeSort = "newest" | "name" | "expiry" | CountSort;

const ORDER: Record<Exclude<QrCodeSort, CountSort>, Prisma.QrCodeOrderByWithRelationInput[]> = {
  newest: [{ id: "desc" }],
  name: [{ name: "asc" }, { id: "desc" }],
  expiry: [{ expiresAt: { sort: "asc", nulls: "last" } }, { id: "desc" }],
};

/** An integer scene is found by its exact number, a string scene by any part of it. */
function sceneIdSearch(q: string): Prisma.QrCodeWhereInput[] {
  return /^\d{1,10}$/.test(q) && Number(q) > 0 ? [{ sceneId: BigInt(q) }] : [];
}

/** A code in the list, with its counts of all time (lib/db/code-counts.ts). */
export type QrCodeListItem = QrCodeView & CodeCounts;

/** One page of the list as GET /api/qrcodes answers it. */
export type QrCodePage = { items: QrCodeListItem[]; total: number; page: number; pageSize: number };

export async function listQrCodesPage(query: QrCodeFilter): Promise<QrCodePage> {
  const { items, total } = await listQrCodes(query);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

const COUNT_SORTS: readonly string[] = ["scans", "followers", "lastScan"] satisfies CountSort[];
const isCountSort = (sort: QrCodeSort): sort is CountSort => COUNT_SORTS.includes(sort);

export async function listQrCodes(filter: QrCodeFilter): Promise<{ items: QrCodeListItem[]; total: number }> {
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
    filter.archived === "only" ? { archivedAt: { not: null } } : filter.archived === "include" ? {} : { archivedAt: null },
    filter.status === "expired" ? { expiresAt: { lte: now } } : {},
    filter.status === "active" ? { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } : {},
  ];
  const where: Prisma.QrCodeWhereInput = { AND: conditions };
  const sort = filter.sort ?? "newest";
  const skip = (filter.page - 1) * filter.pageSize;
  const { rows, total, counts } = isCountSort(sort)
    ? await pageByCounts(where, sort, skip, filter.pageSize)
    : await Promise.all([
        prisma.qrCode.findMany({ where, include: withNames, orderBy: ORDER[sort], skip, take: filter.pageSize }),
        prisma.qrCode.count({ where }),
      ]).then(async ([rows, total]) => ({ rows, total, counts: await countsOfCodes(rows.map((row) => row.id)) }));
  return { items: rows.map((row) => ({ ...toView(row, now.getTime()), ...(counts.get(row.id) ?? NO_COUNTS) })), total };
}

/** A page of the codes that match, ordered by a count, with the counts: every match is counted once (a list is at most a few thousand codes). */
async function pageByCounts(where: Prisma.QrCodeWhereInput, sort: CountSort, skip: number, take: number) {
  const matching = (await prisma.qrCode.findMany({ where, select: { id: true } })).map((row) => row.id);
  const sorted = await sortByCounts(matching, sort);
  const ids = sorted.ids.slice(skip, skip + take);
  const rows = await prisma.qrCode.findMany({ where: { id: { in: ids } }, include: withNames });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), total: matching.length, counts: sorted.counts };
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
