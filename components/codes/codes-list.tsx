"use client";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { Button, EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import { useQrCodes } from "./data";
import { LIST_KEYS as KEYS, listQueryOf, type ListParams, type ListQuery } from "./list-query";
import { ListToolbar } from "./list-toolbar";
import { CodesTable } from "./codes-table";
import { BulkActions } from "./selection-bar";
import { BulkLife } from "./bulk-life";
import { QuotaMeters } from "./quota-meter";

const linkButton =
  "inline-flex items-center justify-center rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500";
export const primaryLink = `${linkButton} bg-emerald-600 text-white hover:bg-emerald-700`;
export const secondaryLink = `${linkButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`;

export function CreateLinks() {
  const t = useT();
  if (!useCan("qrcodes:write")) return null;
  return (
    <>
      <Link href="/codes/batch" className={secondaryLink} data-testid="batch-create">
        {t("codes.batch.title")}
      </Link>
      <Link href="/codes/new" className={primaryLink} data-testid="create-code">
        {t("codes.new.title")}
      </Link>
    </>
  );
}

/** The codes list; its filters live in the address so a filtered view can be shared or bookmarked. */
export function CodesList({ initial }: { initial: ListParams }) {
  const t = useT();
  const canWrite = useCan("qrcodes:write");
  const [query, setQuery] = useState<ListQuery>(() => listQueryOf(initial));
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const { data, error, isLoading, mutate } = useQrCodes(query);

  const current = useRef(query);
  const update = useCallback((patch: Partial<ListQuery>) => {
    const next = { ...current.current, page: 1, ...patch };
    current.current = next;
    setQuery(next);
    const params = new URLSearchParams();
    for (const key of [...KEYS, "page"] as const) {
      const value = String(next[key] ?? "");
      if (value && !(key === "page" && value === "1") && !(key === "sort" && value === "newest")) params.set(key, value);
    }
    const qs = params.toString();
    window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  }, []);

  const toggle = useCallback((ids: number[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  const filtered = KEYS.some((k) => k !== "sort" && query[k]);
  const pages = data ? Math.max(1, Math.ceil(data.total / query.pageSize)) : 1;

  return (
    <div>
      <PageHeader title={t("codes.title")} description={t("codes.description")} actions={<CreateLinks />} />
      <QuotaMeters />
      <ListToolbar query={query} onChange={update} />

      {selected.size > 0 && (
        <div className="sticky top-0 z-10 mb-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-2 shadow-sm">
          <BulkActions ids={[...selected]} onClear={() => setSelected(new Set())} />
          {canWrite && (
            <BulkLife
              ids={[...selected]}
              onDone={() => {
                setSelected(new Set());
                void mutate();
              }}
            />
          )}
        </div>
      )}

      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading && !data ? (
        <Loading />
      ) : data && data.total === 0 ? (
        filtered ? (
          <EmptyState
            title={t("codes.empty.filteredTitle")}
            hint={t("codes.empty.filteredHint")}
            action={
              <Button
                variant="secondary"
                onClick={() => update({ q: "", channel: "", campaign: "", kind: "", status: "", accountId: "", archived: "" })}
              >
                {t("codes.filter.clear")}
              </Button>
            }
          />
        ) : (
          <EmptyState
            title={t("codes.empty.title")}
            hint={canWrite ? t("codes.empty.hint") : t("codes.empty.readOnlyHint")}
            action={
              canWrite ? (
                <div className="flex justify-center gap-2">
                  <CreateLinks />
                </div>
              ) : undefined
            }
          />
        )
      ) : data ? (
        <>
          <CodesTable items={data.items} selected={selected} onToggle={toggle} canWrite={canWrite} onRenewed={() => mutate()} />
          <nav className="mt-3 flex items-center justify-between text-sm text-slate-600" aria-label={t("codes.pager.label")}>
            <span data-testid="codes-total">{t("codes.pager.summary", { page: query.page, pages, total: data.total })}</span>
            <div className="flex gap-2">
              <Button variant="secondary" disabled={query.page <= 1} onClick={() => update({ page: query.page - 1 })}>
                {t("common.previous")}
              </Button>
              <Button variant="secondary" disabled={query.page >= pages} onClick={() => update({ page: query.page + 1 })}>
                {t("common.next")}
              </Button>
            </div>
          </nav>
        </>
      ) : null}
    </div>
  );
}
