import { prisma } from "./client";
import type { ApiToken, Role } from "@/lib/generated/prisma/client";
import { InvalidRoleError } from "@/lib/access/errors";
import { generateApiToken, hashApiToken, looksLikeApiToken } from "@/lib/access/api-tokens";
import { isRole } from "@/lib/access/roles";
import type { Json } from "@/lib/wire";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";

/** What lists and pages may show of a token: never its hash. */
export type ApiTokenSummary = Omit<ApiToken, "tokenHash">;

/** A new token: its value, this once, and its record. */
type NewApiToken = { token: string; record: ApiTokenSummary };

/** A token, and a new one, as the API answers with them. */
export type ApiTokenView = Json<ApiTokenSummary>;
export type NewApiTokenView = Json<NewApiToken>;

/** lastUsedAt is a hint for admins, not an audit log: write it at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60 * 1000;

const summarySelect = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Creates a token; `token` is shown once and cannot be recovered later. */
export async function createApiToken(
  input: { role: Role; name?: string },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<NewApiToken> {
  if (!isRole(input.role)) throw new InvalidRoleError(String(input.role));
  const { token, tokenHash, prefix } = generateApiToken();
  const name = input.name?.trim() || `${input.role} token`;
  const record = await audited(
    actor,
    (tx) => tx.apiToken.create({ data: { name, role: input.role, tokenHash, prefix }, select: summarySelect }),
    (created) => ({ action: "token.create", target: tokenTarget(created), after: tokenSnapshot(created) }),
  );
  return { token, record };
}

/** A token as the audit log names it and shows it: never its value or hash. */
const tokenTarget = (token: ApiTokenSummary) => ({ type: "token" as const, id: token.id, label: token.name });
const tokenSnapshot = ({ name, role, prefix, revokedAt }: ApiTokenSummary) => ({ name, role, prefix, revokedAt });

/** The unrevoked token with this value, or null. */
export async function findActiveToken(token: string): Promise<ApiTokenSummary | null> {
  if (typeof token !== "string" || !looksLikeApiToken(token)) return null;
  const record = await prisma.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) }, select: summarySelect });
  if (!record || record.revokedAt) return null;

  const now = new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!record.lastUsedAt || record.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests on many instances produce one write a minute, not one each.
    await prisma.apiToken.updateMany({
      where: { id: record.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
    record.lastUsedAt = now;
  }
  return record;
}

/** Revokes a token (idempotent: the first revocation time is kept). Null when no such token. */
export async function revokeApiToken(id: number, actor: AuditActor = SYSTEM_ACTOR): Promise<ApiTokenSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    const token = await tx.apiToken.findUnique({ where: { id }, select: summarySelect });
    if (token && count > 0)
      await recordAudit(tx, actor, {
        action: "token.revoke",
        target: tokenTarget(token),
        before: tokenSnapshot({ ...token, revokedAt: null }),
        after: tokenSnapshot(token),
      });
    return token;
  });
}

export async function listApiTokens(): Promise<ApiTokenSummary[]> {
  return prisma.apiToken.findMany({ orderBy: { id: "asc" }, select: summarySelect });
}
