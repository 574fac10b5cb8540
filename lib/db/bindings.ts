import { randomBytes } from "node:crypto";
import { pool, prisma } from "./client";
import { recordAudit, type AuditActor } from "./audit";
import { BINDING_LIMITS } from "@/lib/limits";

/** What a caller learns of a binding: pending until the first scan, then who scanned and whether they followed just now. */
export type BindingView = {
  id: string;
  status: "pending" | "resolved";
  state: string | null;
  expiresAt: string;
  openid?: string;
  followed?: "new" | "existing";
  scannedAt?: string;
};

/** Why a binding is no longer handed out (410): its code expired unscanned, or its resolution was collected. */
export type BindingGone = { gone: "binding_expired" | "binding_used"; message: string };

const SIGN_IN_LOCK_NAMESPACE = 7302; // pg_advisory_xact_lock(namespace, accountId)

/** `bnd_` + 128 random bits: whoever knows the id may read the binding, so it cannot be guessed. */
export const newBindingId = () => `bnd_${randomBytes(16).toString("base64url")}`;
export const BINDING_ID_PATTERN = /^bnd_[A-Za-z0-9_-]{22}$/;

/**
 * The channel's sign-in code, created on first use (with the channel): a temporary code without a
 * ticket of its own whose reply is what a scanner of any of its bindings gets, and whose scans
 * count for the channel. Created under a per-account lock, so a burst of first bindings makes one.
 */
export async function ensureSignInCode(
  accountId: number,
  channel: string,
  fresh: { name: string; replyText: string },
  actor: AuditActor,
): Promise<number> {
  const existing = await prisma.qrCode.findFirst({
    where: { accountId, signIn: true, status: "active", channel: { name: channel } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  if (existing) return existing.id;
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${SIGN_IN_LOCK_NAMESPACE}::int, ${accountId}::int)::text`;
    const row = await tx.channel.upsert({
      where: { accountId_name: { accountId, name: channel } },
      create: { accountId, name: channel },
      update: {},
      select: { id: true, qrCodes: { where: { signIn: true, status: "active" }, select: { id: true }, take: 1 } },
    });
    if (row.qrCodes[0]) return row.qrCodes[0].id;
    const code = await tx.qrCode.create({
      data: {
        account: { connect: { id: accountId } },
        channel: { connect: { id: row.id } },
        name: fresh.name,
        kind: "temporary",
        status: "active",
        signIn: true,
        reply: { create: { type: "text" as const, content: fresh.replyText } },
      },
    });
    await recordAudit(tx, actor, {
      action: "code.create",
      target: { type: "code", id: code.id, label: code.name },
      after: {
        accountId,
        name: code.name,
        channel,
        kind: "temporary",
        signIn: true,
        reply: { type: "text", content: fresh.replyText },
      },
    });
    return code.id;
  });
}

export type NewBinding = {
  accountId: number;
  qrCodeId: number;
  scene: string;
  state: string | null;
  ticket: string;
  url: string;
  expiresAt: Date;
};

/** Stores a binding WeChat issued a ticket for (no row of qr_codes changes: the webhook's cache stays warm). */
export async function insertBinding(binding: NewBinding): Promise<BindingView & { ticket: string; url: string }> {
  const id = newBindingId();
  await pool().query({
    name: "insert_binding",
    text: `INSERT INTO bindings (id, account_id, qr_code_id, scene, state, ticket, url, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    values: [
      id,
      binding.accountId,
      binding.qrCodeId,
      binding.scene,
      binding.state,
      binding.ticket,
      binding.url,
      binding.expiresAt,
    ],
  });
  if (Math.random() < 0.001) setImmediate(() => pruneBindings().catch(() => {}));
  return {
    id,
    status: "pending",
    state: binding.state,
    expiresAt: binding.expiresAt.toISOString(),
    ticket: binding.ticket,
    url: binding.url,
  };
}

type BindingRow = {
  id: string;
  state: string | null;
  url: string;
  expires_at: Date;
  openid: string | null;
  followed: boolean | null;
  scanned_at: Date | null;
  collected_at: Date | null;
  expired: boolean;
  collectable: boolean;
};

function toView(row: BindingRow): BindingView {
  const base = { id: row.id, state: row.state, expiresAt: row.expires_at.toISOString() };
  if (row.openid === null) return { ...base, status: "pending" };
  return {
    ...base,
    status: "resolved",
    openid: row.openid,
    followed: row.followed ? "new" : "existing",
    scannedAt: row.scanned_at?.toISOString(),
  };
}

/**
 * Reads a binding, and hands its resolution out once: the read that first sees it resolved marks it
 * collected (in the same statement, so two readers racing get it once between them). Later reads,
 * and reads of a binding whose code expired unscanned, are `gone`. Null: no such binding.
 */
export async function collectBinding(id: string): Promise<BindingView | BindingGone | null> {
  const { rows } = await pool().query<BindingRow & { just_collected: boolean }>({
    name: "collect_binding",
    text: `WITH b AS (
             SELECT *, expires_at <= now() AS expired,
                    expires_at + make_interval(secs => $2) > now() AS collectable
               FROM bindings WHERE id = $1
           ), collected AS (
             UPDATE bindings SET collected_at = now()
              WHERE id = $1 AND openid IS NOT NULL AND collected_at IS NULL
                AND (SELECT collectable FROM b)
             RETURNING id
           )
           SELECT b.*, EXISTS (SELECT 1 FROM collected) AS just_collected FROM b`,
    values: [id, BINDING_LIMITS.collectGraceSeconds],
  });
  const row = rows[0];
  if (!row) return null;
  if (row.openid !== null) {
    if (row.just_collected) return toView(row);
    // collected before, or just now by a reader racing this one (this snapshot predates its update)
    return row.collected_at || row.collectable
      ? { gone: "binding_used", message: "This binding's scan was already collected; create a new binding" }
      : { gone: "binding_expired", message: "This binding's scan was not collected in time; create a new binding" };
  }
  if (row.expired) return { gone: "binding_expired", message: "This binding's code expired before it was scanned" };
  return toView(row);
}

/** The binding's code as it was issued (what its image shows), while it can still be scanned. */
export async function bindingUrl(id: string): Promise<string | null> {
  const { rows } = await pool().query<{ url: string }>({
    name: "binding_url",
    text: "SELECT url FROM bindings WHERE id = $1 AND openid IS NULL AND expires_at > now()",
    values: [id],
  });
  return rows[0]?.url ?? null;
}

/** The binding's account and ticket (for a simulated scan of its code). */
export async function bindingTicket(id: string): Promise<{ accountId: number; ticket: string } | null> {
  const { rows } = await pool().query<{ account_id: number; ticket: string }>(
    "SELECT account_id, ticket FROM bindings WHERE id = $1",
    [id],
  );
  return rows[0] ? { accountId: rows[0].account_id, ticket: rows[0].ticket } : null;
}

/** A scan of a binding's code, as the webhook recorded it. */
export type BindingScan = { accountId: number; scene: string; openid: string; followed: boolean; occurredAt: number };

export const BINDINGS_CHANNEL = "qudao_binding_resolved";

/**
 * Resolves the bindings of a batch's scans in one statement, and notifies every instance's waiters
 * (LISTEN on BINDINGS_CHANNEL) in its transaction. Only an unresolved binding changes: the first
 * recorded scan is final, a retry or a second scan changes nothing. Returns the resolved ids.
 */
export async function resolveBindings(scans: BindingScan[]): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>({
    name: "resolve_bindings",
    text: `WITH scan AS (
             SELECT DISTINCT ON (scene) * FROM unnest($1::int[], $2::text[], $3::text[], $4::boolean[], $5::bigint[])
               AS s(account_id, scene, openid, followed, created) ORDER BY scene, created
           ), resolved AS (
             UPDATE bindings b SET openid = s.openid, followed = s.followed, scanned_at = to_timestamp(s.created)
               FROM scan s
              WHERE b.scene = s.scene AND b.account_id = s.account_id AND b.openid IS NULL
             RETURNING b.id
           )
           SELECT id, pg_notify('${BINDINGS_CHANNEL}', id) FROM resolved`,
    values: [
      scans.map((s) => s.accountId),
      scans.map((s) => s.scene),
      scans.map((s) => s.openid),
      scans.map((s) => s.followed),
      scans.map((s) => s.occurredAt),
    ],
  });
  return rows.map((r) => r.id);
}

/** Bindings a day past their expiry are of no use to anyone. */
export async function pruneBindings(olderThanHours = 24): Promise<number> {
  const { rowCount } = await pool().query("DELETE FROM bindings WHERE expires_at < now() - make_interval(hours => $1)", [
    olderThanHours,
  ]);
  return rowCount ?? 0;
}
