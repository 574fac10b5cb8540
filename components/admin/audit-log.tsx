"use client";
import { useState } from "react";
import { Button, EmptyState, ErrorState, Field, Loading, PageHeader, Select, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@/lib/audit";
import { useApiTokens, useAuditPage, useUsers } from "./data";
import { AuditEntryItem } from "./audit-entry";

/** The filters as the form holds them; dates are the viewer's local days, both included. */
type Filters = { actor: string; action: string; targetType: string; targetId: string; from: string; to: string };
const NO_FILTERS: Filters = { actor: "", action: "", targetType: "", targetId: "", from: "", to: "" };
const ACTION_KINDS = [...new Set(AUDIT_ACTIONS.map((action) => action.split(".")[0]))] as (
  | "code"
  | "reply"
  | "account"
  | "user"
  | "token"
)[];

/** GET /api/audit's query for the filters: local days become the instants that bound them. */
function filterQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ["actor", "action", "targetType"] as const) if (filters[key]) query.set(key, filters[key]);
  if (/^[1-9][0-9]{0,9}$/.test(filters.targetId)) query.set("targetId", filters.targetId);
  if (filters.from) query.set("from", new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.set("to", end.toISOString());
  }
  return query;
}

/** /audit: who changed what, newest first, filtered, a page at a time. */
export function AuditLog() {
  const t = useT();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [cursors, setCursors] = useState<number[]>([]);
  const base = filterQuery(filters);
  const filtered = base.size > 0;
  const change = (patch: Partial<Filters>) => {
    setFilters({ ...filters, ...patch });
    setCursors([]);
  };
  const pages = [null, ...cursors];

  return (
    <div className="space-y-5">
      <PageHeader title={t("audit.title")} description={t("audit.description")} />
      <AuditFilters filters={filters} onChange={change} onClear={() => change(NO_FILTERS)} filtered={filtered} />
      <ol className="space-y-3" data-testid="audit-entries" aria-label={t("audit.title")}>
        {pages.map((cursor, i) => {
          const query = new URLSearchParams(base);
          if (cursor !== null) query.set("cursor", String(cursor));
          return (
            <AuditPageItems
              key={cursor ?? "first"}
              query={query.toString()}
              first={i === 0}
              last={i === pages.length - 1}
              filtered={filtered}
              onMore={(next) => setCursors([...cursors, next])}
            />
          );
        })}
      </ol>
    </div>
  );
}

function AuditPageItems({
  query,
  first,
  last,
  filtered,
  onMore,
}: {
  query: string;
  first: boolean;
  last: boolean;
  filtered: boolean;
  onMore: (cursor: number) => void;
}) {
  const t = useT();
  const { data, error, isLoading, mutate } = useAuditPage(query);
  if (isLoading)
    return (
      <li>
        <Loading />
      </li>
    );
  if (error || !data) return <li>{error ? <ErrorState error={error} onRetry={() => mutate()} /> : null}</li>;
  if (first && data.items.length === 0)
    return (
      <li>
        {filtered ? (
          <EmptyState title={t("audit.emptyFiltered")} hint={t("audit.emptyFilteredHint")} />
        ) : (
          <EmptyState title={t("audit.empty")} hint={t("audit.emptyHint")} />
        )}
      </li>
    );
  return (
    <>
      {data.items.map((entry) => (
        <AuditEntryItem key={entry.id} entry={entry} />
      ))}
      {last && (
        <li className="flex justify-center py-2">
          {data.nextCursor !== null ? (
            <Button variant="secondary" onClick={() => onMore(data.nextCursor!)} data-testid="audit-more">
              {t("audit.loadMore")}
            </Button>
          ) : (
            <span className="text-xs text-slate-500">{t("audit.end")}</span>
          )}
        </li>
      )}
    </>
  );
}

function AuditFilters({
  filters,
  onChange,
  onClear,
  filtered,
}: {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  onClear: () => void;
  filtered: boolean;
}) {
  const t = useT();
  const users = useUsers().data?.items ?? [];
  const tokens = useApiTokens().data?.items ?? [];
  return (
    <form
      className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6"
      aria-label={t("audit.filters")}
      data-testid="audit-filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <Field id="audit-actor" label={t("audit.filter.actor")}>
        <Select id="audit-actor" value={filters.actor} onChange={(e) => onChange({ actor: e.target.value })}>
          <option value="">{t("audit.filter.any")}</option>
          <optgroup label={t("audit.actor.user")}>
            <option value="user">{t("audit.actor.allUsers")}</option>
            {users.map((user) => (
              <option key={user.id} value={`user:${user.id}`}>
                {user.name ? `${user.name} (${user.email})` : user.email}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("audit.actor.token")}>
            <option value="token">{t("audit.actor.allTokens")}</option>
            {tokens.map((token) => (
              <option key={token.id} value={`token:${token.id}`}>
                {token.name}
              </option>
            ))}
          </optgroup>
          <option value="cli">{t("audit.actor.cli")}</option>
          <option value="system">{t("audit.actor.system")}</option>
        </Select>
      </Field>
      <Field id="audit-action" label={t("audit.filter.action")}>
        <Select id="audit-action" value={filters.action} onChange={(e) => onChange({ action: e.target.value })}>
          <option value="">{t("audit.filter.any")}</option>
          {ACTION_KINDS.map((kind) => (
            <optgroup key={kind} label={t(`audit.kind.${kind}`)}>
              <option value={kind}>{t(`audit.kind.${kind}`)}</option>
              {AUDIT_ACTIONS.filter((action) => action.startsWith(`${kind}.`)).map((action) => (
                <option key={action} value={action}>
                  {t(`audit.action.${action}`)}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      <Field id="audit-target-type" label={t("audit.filter.targetType")}>
        <Select id="audit-target-type" value={filters.targetType} onChange={(e) => onChange({ targetType: e.target.value })}>
          <option value="">{t("audit.filter.any")}</option>
          {AUDIT_TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`audit.target.${type}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="audit-target-id" label={t("audit.filter.targetId")} hint={t("audit.filter.targetIdHint")}>
        <TextInput
          id="audit-target-id"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="off"
          value={filters.targetId}
          onChange={(e) => onChange({ targetId: e.target.value.replace(/\D/g, "").slice(0, 10) })}
        />
      </Field>
      <Field id="audit-from" label={t("audit.filter.from")}>
        <TextInput
          id="audit-from"
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => onChange({ from: e.target.value })}
        />
      </Field>
      <Field id="audit-to" label={t("audit.filter.to")}>
        <TextInput
          id="audit-to"
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </Field>
      {filtered && (
        <div className="sm:col-span-2 lg:col-span-6">
          <Button type="button" variant="ghost" onClick={onClear} data-testid="audit-clear">
            {t("audit.filter.clear")}
          </Button>
        </div>
      )}
    </form>
  );
}
