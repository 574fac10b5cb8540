"use client";
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, Loading } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { useKnownFollowers } from "./data";
import type { SandboxAccount } from "./sandbox-view";

/** Everyone the sandbox saw interact with the account, the most recently active first, a page at a time. */
export function FollowerList({
  account,
  selected,
  onSelect,
}: {
  account: SandboxAccount;
  selected: string;
  onSelect: (openid: string) => void;
}) {
  const t = useT();
  const [page, setPage] = useState(1);
  const { data, error, isLoading, mutate } = useKnownFollowers(account.appId, page);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const when = (at: string) =>
    new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" }).format(new Date(at));
  return (
    <Card title={t("sandbox.followers")}>
      <p className="mb-3 text-sm text-slate-500">{t("sandbox.followersHint")}</p>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading />
      ) : data.total === 0 ? (
        <EmptyState title={t("sandbox.noFollowers")} hint={t("sandbox.noFollowersHint")} />
      ) : (
        <>
          <ul className="divide-y divide-slate-100" data-testid="sandbox-followers">
            {data.items.map((f) => (
              <li key={f.openid}>
                <button
                  type="button"
                  onClick={() => onSelect(f.openid)}
                  aria-current={f.openid === selected ? "true" : undefined}
                  className={`flex w-full flex-col gap-0.5 rounded px-2 py-2 text-left hover:bg-slate-50 ${f.openid === selected ? "bg-emerald-50" : ""}`}
                  data-testid="sandbox-follower"
                >
                  <span className="flex items-center gap-2">
                    <span className="min-w-0 flex-1 truncate font-mono text-xs">{f.openid}</span>
                    <Badge tone={f.following ? "green" : "slate"}>
                      {f.following ? t("sandbox.following") : t("sandbox.notFollowing")}
                    </Badge>
                  </span>
                  <span className="text-xs text-slate-500">
                    {when(f.lastInteractionAt)} · {t("sandbox.tagCount", { n: f.tagCount })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <div className="mt-3 flex items-center justify-between gap-2 text-sm text-slate-600">
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t("sandbox.prev")}
              </Button>
              <span>{t("sandbox.pageOf", { page, pages, total: data.total })}</span>
              <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t("sandbox.next")}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
