// The audit log's vocabulary (what can be changed, and how) and its one rule about secrets.
// Shared by the database layer, the API's query schema and the dashboard.

export const AUDIT_TARGET_TYPES = [
  "code",
  "account",
  "user",
  "token",
  "channel",
  "campaign",
  "job",
  "keyword",
  "forward_endpoint",
  "poster",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export const AUDIT_ACTIONS = [
  "code.create",
  "code.renew",
  "code.update",
  "code.archive",
  "code.unarchive",
  "code.tags",
  "reply.update",
  "reply.remove",
  "reply.follow_ups",
  "account.create",
  "account.update",
  "user.create",
  "user.update",
  "user.role",
  "user.password",
  "user.delete",
  "token.create",
  "token.revoke",
  "channel.rename",
  "channel.merge",
  "channel.tags",
  "campaign.update",
  "job.retry",
  "job.cancel",
  "keyword.create",
  "keyword.update",
  "keyword.delete",
  "keyword.reorder",
  "forward_endpoint.create",
  "forward_endpoint.update",
  "forward_endpoint.delete",
  "reply.image_upload",
  "reply.image_delete",
  "code.logo",
  "campaign.logo",
  "poster.create",
  "poster.update",
  "poster.delete",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTOR_KINDS = ["user", "token", "cli", "system"] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** What a change touched, as plain JSON. */
export type AuditSnapshot = { [key: string]: unknown };

/** What the log keeps of a secret: that it is set, or that this change replaced it. Never its value. */
export type SecretMark = { secret: "set" | "changed" };

/**
 * The one list of fields whose values never reach the audit log, at any depth of a snapshot:
 * an account's AppSecret, Token and EncodingAESKey, passwords and their hashes, API tokens and theirs.
 */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  "appSecret",
  "token",
  "encodingAesKey",
  "password",
  "passwordHash",
  "tokenHash",
]);

export const isSecretField = (key: string) => SECRET_FIELDS.has(key);

export function isSecretMark(value: unknown): value is SecretMark {
  const secret = (value as SecretMark | null)?.secret;
  return (
    typeof value === "object" && value !== null && (secret === "set" || secret === "changed") && Object.keys(value).length === 1
  );
}

const present = (value: unknown) => value !== null && value !== undefined && value !== "";
const isRecord = (value: unknown): value is AuditSnapshot => typeof value === "object" && value !== null && !Array.isArray(value);

/** Equality of JSON values, whatever the order of their keys (the browser has no node:util). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => sameJson(a[key] ?? null, b[key] ?? null));
}

/**
 * Both sides of a change with every secret replaced by a mark: `set` where it has a value, `changed`
 * on the after side when the value differs from the one before, null where there is none.
 */
export function redactSecrets(
  before: AuditSnapshot | null,
  after: AuditSnapshot | null,
): { before: AuditSnapshot | null; after: AuditSnapshot | null } {
  const b: AuditSnapshot | null = before && {};
  const a: AuditSnapshot | null = after && {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    let was = before?.[key];
    let is = after?.[key];
    if (isSecretField(key)) {
      const changed = present(was) && !sameJson(was, is);
      was = present(was) ? { secret: "set" } : null;
      is = present(is) ? { secret: changed ? "changed" : "set" } : null;
    } else if (isRecord(was) || isRecord(is)) {
      const inner = redactSecrets(isRecord(was) ? was : null, isRecord(is) ? is : null);
      if (isRecord(was)) was = inner.before;
      if (isRecord(is)) is = inner.after;
    }
    if (b && before && Object.hasOwn(before, key)) b[key] = was;
    if (a && after && Object.hasOwn(after, key)) a[key] = is;
  }
  return { before: b, after: a };
}

/** A snapshot as JSON keeps it: dates as ISO strings, bigints as numbers, undefined fields left out. */
export function toJsonSnapshot(value: AuditSnapshot | null | undefined): AuditSnapshot | null {
  if (!value) return null;
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? Number(v) : v)));
}

/** The fields a change altered (top level), in the order the snapshots name them. */
export function changedFields(before: AuditSnapshot | null, after: AuditSnapshot | null): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (!before || !after) return keys;
  return keys.filter((key) => !sameJson(before[key] ?? null, after[key] ?? null));
}
