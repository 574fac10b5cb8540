"use client";
import { Badge } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import { changedFields, isSecretMark, type AuditSnapshot } from "@/lib/audit";
import type { AuditEntryView } from "@/lib/db/audit";
import { useFormatDate } from "./format";

const ACTOR_TONE = { user: "blue", token: "amber", cli: "slate", system: "slate" } as const;
const isBlank = (value: unknown) => value === null || value === undefined || value === "";
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type FormatDate = ReturnType<typeof useFormatDate>;

/** One value of a snapshot in words: secrets as set/changed, replies by what a scanner sees, instants in local time. */
function describeValue(t: Translate, formatDate: FormatDate, field: string, value: unknown): string {
  if (isBlank(value)) return t("audit.none");
  if (isSecretMark(value)) return t(`audit.secret.${value.secret}`);
  if (typeof value === "boolean") return t(value ? "audit.yes" : "audit.no");
  if (typeof value === "string") {
    if (ISO_INSTANT.test(value)) return formatDate(value);
    const role = `role.${value}`;
    return field === "role" && t.has(role) ? t(role) : value;
  }
  if (typeof value === "object" && "type" in value) {
    const reply = value as { type: string; content?: string; mediaId?: string; title?: string; url?: string };
    if (reply.type === "text") return reply.content ?? "";
    if (reply.type === "image") return `[${reply.type}] ${reply.mediaId ?? ""}`;
    if (reply.type === "news") return `[${reply.type}] ${reply.title ?? ""}${reply.url ? ` — ${reply.url}` : ""}`;
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// The database keeps snapshots as JSONB, which reorders keys: fields are shown in this order, others after.
const FIELD_ORDER = [
  "name",
  "email",
  "appId",
  "role",
  "channel",
  "campaign",
  "kind",
  "sceneId",
  "sceneStr",
  "reply",
  "follow",
  "scan",
  "expireSeconds",
  "expiresAt",
  "url",
  "originalId",
  "appSecret",
  "token",
  "encodingAesKey",
  "mode",
  "apiBase",
  "sandbox",
  "timeZone",
  "password",
  "lockedOut",
  "prefix",
  "revokedAt",
  "accountId",
];
const byFieldOrder = (a: string, b: string) =>
  (FIELD_ORDER.indexOf(a) + 1 || FIELD_ORDER.length + 1) - (FIELD_ORDER.indexOf(b) + 1 || FIELD_ORDER.length + 1);

function fieldLabel(t: Translate, field: string): string {
  const key = `audit.field.${field}`;
  return t.has(key) ? t(key) : field;
}

/** The fields a change altered: before → after for an edit, the values alone for a creation or deletion. */
function ChangeList({ before, after }: { before: AuditSnapshot | null; after: AuditSnapshot | null }) {
  const t = useT();
  const formatDate = useFormatDate();
  const edit = before !== null && after !== null;
  // A creation or deletion lists what the thing had, leaving out what it did not.
  const fields = changedFields(before, after)
    .filter((field) => edit || !isBlank((after ?? before)?.[field]))
    .sort(byFieldOrder);
  if (fields.length === 0) return <p className="text-xs text-slate-500">{t("audit.noChanges")}</p>;
  return (
    <dl className="divide-y divide-slate-100 rounded-md border border-slate-100 text-sm" data-testid="audit-changes">
      {fields.map((field) => (
        <div key={field} className="grid gap-1 px-3 py-2 sm:grid-cols-[12rem_1fr]" data-field={field}>
          <dt className="text-xs font-medium text-slate-500">{fieldLabel(t, field)}</dt>
          <dd className="min-w-0 break-words">
            {edit ? (
              <span className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <span className="sr-only">{t("audit.before")}</span>
                <del className="text-rose-700 decoration-rose-300" data-testid="audit-before">
                  {describeValue(t, formatDate, field, before[field])}
                </del>
                <span aria-hidden="true" className="text-slate-400">
                  →
                </span>
                <span className="sr-only">{t("audit.after")}</span>
                <ins className="text-emerald-800 no-underline" data-testid="audit-after">
                  {describeValue(t, formatDate, field, after[field])}
                </ins>
              </span>
            ) : (
              <span className={after ? "text-emerald-800" : "text-rose-700"}>
                {describeValue(t, formatDate, field, (after ?? before)?.[field])}
              </span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditEntryItem({ entry }: { entry: AuditEntryView }) {
  const t = useT();
  const formatDate = useFormatDate();
  const action = `audit.action.${entry.action}`;
  const targetType = `audit.target.${entry.target.type}`;
  return (
    <li
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="audit-entry"
      data-action={entry.action}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <p className="min-w-0 break-words font-medium text-slate-900">
          {t.has(action) ? t(action) : entry.action}
          <span className="font-normal text-slate-600">
            {" · "}
            {t.has(targetType) ? t(targetType) : entry.target.type} {entry.target.label}
            <span className="text-slate-400"> #{entry.target.id}</span>
          </span>
        </p>
        <time className="text-xs text-slate-500" dateTime={entry.at}>
          {formatDate(entry.at)}
        </time>
      </div>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
        <Badge tone={ACTOR_TONE[entry.actor.kind]}>{t(`audit.actor.${entry.actor.kind}`)}</Badge>
        <span className="break-all" data-testid="audit-actor">
          {entry.actor.name}
        </span>
        {entry.address && (
          <span className="text-slate-500" title={entry.userAgent ?? undefined}>
            {t("audit.from", { address: entry.address })}
          </span>
        )}
      </p>
      <ChangeList before={entry.before} after={entry.after} />
    </li>
  );
}
