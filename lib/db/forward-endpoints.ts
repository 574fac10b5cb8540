import { pool, prisma } from "./client";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import type { Versioned } from "./webhook-config";
import type { ForwardEndpoint as ForwardEndpointRow } from "@/lib/generated/prisma/client";
import type { ForwardEndpoint } from "@/lib/forwarding/jobs";
import { generateForwardSecret } from "@/lib/forwarding/signature";
import { decryptSecret, encryptSecret } from "@/lib/secrets-at-rest";
import { conflict, invalid } from "@/lib/errors";
import { FORWARD_RULES } from "@/lib/limits";
import type { CreateEndpointInput, UpdateEndpointInput } from "@/lib/validation/forwarding";
import type { Json } from "@/lib/wire";

/** What the dashboard and API see of an endpoint: never its secret. */
export type ForwardEndpointSummary = Omit<ForwardEndpointRow, "secretEnc">;
export type ForwardEndpointView = Json<ForwardEndpointSummary>;
export type NewForwardEndpointView = Json<{ secret: string; record: ForwardEndpointSummary }>;

const summarySelect = {
  id: true,
  url: true,
  description: true,
  enabled: true,
  accountId: true,
  qrCodeIds: true,
  channelIds: true,
  createdAt: true,
} as const;

const target = (e: ForwardEndpointSummary) => ({ type: "forward_endpoint" as const, id: e.id, label: e.url });
const snapshot = ({ url, description, enabled, accountId, qrCodeIds, channelIds }: ForwardEndpointSummary) => ({
  url,
  description,
  enabled,
  accountId,
  qrCodeIds,
  channelIds,
});

export function listForwardEndpoints(): Promise<ForwardEndpointSummary[]> {
  return prisma.forwardEndpoint.findMany({ orderBy: { id: "asc" }, select: summarySelect });
}

export function getForwardEndpoint(id: number): Promise<ForwardEndpointSummary | null> {
  return prisma.forwardEndpoint.findUnique({ where: { id }, select: summarySelect });
}

type Filter = Pick<ForwardEndpointSummary, "accountId" | "qrCodeIds" | "channelIds">;

/** The filter names things that exist (in its account, when it has one): 400 on the field that does not. */
async function checkFilter({ accountId, qrCodeIds, channelIds }: Filter): Promise<void> {
  const inAccount = accountId === null ? {} : { accountId };
  if (accountId !== null && !(await prisma.account.findUnique({ where: { id: accountId }, select: { id: true } })))
    throw invalid("unknown_account", `accountId: no account ${accountId}`, "accountId");
  const codes = await prisma.qrCode.count({ where: { id: { in: qrCodeIds }, ...inAccount } });
  if (codes !== qrCodeIds.length)
    throw invalid("unknown_code", "qrCodeIds: some codes do not exist (in the endpoint's account)", "qrCodeIds");
  const channels = await prisma.channel.count({ where: { id: { in: channelIds }, ...inAccount } });
  if (channels !== channelIds.length)
    throw invalid("unknown_channel", "channelIds: some channels do not exist (in the endpoint's account)", "channelIds");
}

/** Creates an endpoint with a new secret; `secret` is in this answer only (it is stored encrypted). */
export async function createForwardEndpoint(
  input: CreateEndpointInput,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<{ secret: string; record: ForwardEndpointSummary }> {
  await checkFilter(input);
  const secret = generateForwardSecret();
  const record = await audited(
    actor,
    async (tx) => {
      if ((await tx.forwardEndpoint.count()) >= FORWARD_RULES.maxEndpoints)
        throw conflict("too_many_endpoints", `at most ${FORWARD_RULES.maxEndpoints} forwarding endpoints`);
      return tx.forwardEndpoint.create({ data: { ...input, secretEnc: encryptSecret(secret) }, select: summarySelect });
    },
    (created) => ({ action: "forward_endpoint.create", target: target(created), after: snapshot(created) }),
  );
  return { secret, record };
}

/** Null when there is no such endpoint. */
export async function updateForwardEndpoint(
  id: number,
  patch: UpdateEndpointInput,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<ForwardEndpointSummary | null> {
  const before = await getForwardEndpoint(id);
  if (!before) return null;
  await checkFilter({ ...before, ...patch });
  return audited(
    actor,
    (tx) => tx.forwardEndpoint.update({ where: { id }, data: patch, select: summarySelect }),
    (after) => ({ action: "forward_endpoint.update", target: target(after), before: snapshot(before), after: snapshot(after) }),
  );
}

/** Deletes an endpoint and its delivery log; its pending deliveries end without a call. Null when there is none. */
export async function deleteForwardEndpoint(
  id: number,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<ForwardEndpointSummary | null> {
  return prisma.$transaction(async (tx) => {
    const found = await tx.forwardEndpoint.findUnique({ where: { id }, select: summarySelect });
    if (!found) return null;
    await tx.forwardEndpoint.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "forward_endpoint.delete", target: target(found), before: snapshot(found) });
    return found;
  });
}

/**
 * The enabled endpoints, for the webhook's in-memory configuration (a trigger bumps config_version
 * on every change to forward_endpoints; codes moving between channels bump it through qr_codes).
 * A channel filter is resolved here to the channel's codes, so matching an event needs its code only.
 */
export async function loadForwardEndpoints(): Promise<Versioned<ForwardEndpoint[]>> {
  const { rows } = await pool().query<{
    version: string;
    id: number | null;
    account_id: number | null;
    code_ids: number[] | null;
  }>({
    name: "forward_endpoints",
    text: `SELECT (SELECT version::text FROM config_version) AS version, e.id, e.account_id,
                  CASE WHEN cardinality(e.qr_code_ids) = 0 AND cardinality(e.channel_ids) = 0 THEN NULL
                       ELSE ARRAY(SELECT unnest(e.qr_code_ids)
                                  UNION SELECT q.id FROM qr_codes q WHERE q.channel_id = ANY (e.channel_ids)) END AS code_ids
             FROM (SELECT 1) AS one LEFT JOIN forward_endpoints e ON e.enabled
            ORDER BY e.id`,
  });
  return {
    version: rows[0].version,
    value: rows
      .filter((r) => r.id !== null)
      .map((r) => ({ id: r.id!, accountId: r.account_id, codeIds: r.code_ids === null ? null : new Set(r.code_ids) })),
  };
}

/** What a delivery needs of its endpoint (the secret decrypted), or null when it was deleted. */
export async function endpointForDelivery(
  id: number,
): Promise<{ url: string; secret: string; enabled: boolean; accountId: number | null } | null> {
  const row = await prisma.forwardEndpoint.findUnique({
    where: { id },
    select: { url: true, secretEnc: true, enabled: true, accountId: true },
  });
  return row && { url: row.url, secret: decryptSecret(row.secretEnc), enabled: row.enabled, accountId: row.accountId };
}
