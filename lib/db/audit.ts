import { prisma } from "./client";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  redactSecrets,
  sameJson,
  toJsonSnapshot,
  type AuditAction,
  type AuditActorKind,
  type AuditSnapshot,
  type AuditTargetType,
} from "@/lib/audit";
import type { Json } from "@/lib/wire";

/** Who is making a change, and from where (address and user agent as the server saw them; null outside HTTP). */
export type AuditActor = {
  kind: AuditActorKind;
  id: number | null;
  name: string;
  address: string | null;
  userAgent: string | null;
};

/** The server itself: the first admin and the accounts it creates at start-up (and scripts that seed data). */
export const SYSTEM_ACTOR: AuditActor = { kind: "system", id: null, name: "server", address: null, userAgent: null };

/** id: a row id, or a job's UUID. */
export type AuditTarget = { type: AuditTargetType; id: number | string; label: string };

/** One change: before is null for a creation, after null for a deletion. */
export type AuditChange = {
  action: AuditAction;
  target: AuditTarget;
  before?: AuditSnapshot | null;
  after?: AuditSnapshot | null;
};

const USER_AGENT_MAX_CHARS = 400;
const LABEL_MAX_CHARS = 200;

/**
 * Records a change inside the transaction that makes it, so there is never one without the other.
 * Secrets are replaced by marks (lib/audit.ts decides which fields are secret); a change that
 * altered nothing is not recorded.
 */
export async function recordAudit(tx: Prisma.TransactionClient, actor: AuditActor, change: AuditChange): Promise<void> {
  const { before, after } = redactSecrets(toJsonSnapshot(change.before), toJsonSnapshot(change.after));
  if (before && after && sameJson(before, after)) return;
  await tx.auditEntry.create({
    data: {
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: actor.name.slice(0, LABEL_MAX_CHARS),
      action: change.action,
      targetType: change.target.type,
      targetId: String(change.target.id),
      targetLabel: change.target.label.slice(0, LABEL_MAX_CHARS),
      before: (before as Prisma.InputJsonObject | null) ?? Prisma.DbNull,
      after: (after as Prisma.InputJsonObject | null) ?? Prisma.DbNull,
      address: actor.address,
      userAgent: actor.userAgent?.slice(0, USER_AGENT_MAX_CHARS) ?? null,
    },
  });
}

/** Runs `change` and records what `describe` makes of its result, in one transaction (null: nothing to record). */
export function audited<T>(
  actor: AuditActor,
  change: (tx: Prisma.TransactionClient) => Promise<T>,
  describe: (result: T) => AuditChange | null,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    const result = await change(tx);
    const entry = describe(result);
    if (entry) await recordAudit(tx, actor, entry);
    return result;
  });
}

export type AuditFilter = {
  actorKind?: AuditActorKind;
  actorId?: number;
  /** An action (`reply.update`) or every action on one kind of thing (`reply`). */
  action?: string;
  targetType?: AuditTargetType;
  targetId?: number;
  /** From this instant (inclusive) to that one (exclusive). */
  from?: Date;
  to?: Date;
  /** Entries older than this id: the `nextCursor` of the page before. */
  cursor?: number;
  limit: number;
};

export type AuditEntryRecord = {
  id: number;
  at: Date;
  actor: { kind: AuditActorKind; id: number | null; name: string };
  action: string;
  target: { type: string; id: string; label: string };
  before: AuditSnapshot | null;
  after: AuditSnapshot | null;
  address: string | null;
  userAgent: string | null;
};

/** One page of GET /api/audit, newest first; `nextCursor` asks for the next (older) page, null at the end. */
export type AuditPage = { items: AuditEntryRecord[]; nextCursor: number | null };
export type AuditPageView = Json<AuditPage>;
export type AuditEntryView = AuditPageView["items"][number];

function whereOf(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const action = filter.action?.includes(".") ? filter.action : filter.action && { startsWith: `${filter.action}.` };
  return {
    actorKind: filter.actorKind,
    actorId: filter.actorId,
    action,
    targetType: filter.targetType,
    targetId: filter.targetId === undefined ? undefined : String(filter.targetId),
    at: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
    id: filter.cursor === undefined ? undefined : { lt: filter.cursor },
  };
}

/** Keyset pagination on the id: a page is stable however many entries are written meanwhile. */
export async function listAuditEntries(filter: AuditFilter): Promise<AuditPage> {
  const rows = await prisma.auditEntry.findMany({ where: whereOf(filter), orderBy: { id: "desc" }, take: filter.limit + 1 });
  const items = rows.slice(0, filter.limit).map((row) => ({
    id: row.id,
    at: row.at,
    actor: { kind: row.actorKind, id: row.actorId, name: row.actorName },
    action: row.action,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    before: row.before as AuditSnapshot | null,
    after: row.after as AuditSnapshot | null,
    address: row.address,
    userAgent: row.userAgent,
  }));
  return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1].id : null };
}
