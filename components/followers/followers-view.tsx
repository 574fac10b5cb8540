"use client";
import Link from "next/link";
import { useState } from "react";
import { Badge, Button, EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui";
import { secondaryLink } from "@/components/codes/codes-list";
import { useCan } from "@/lib/client/session";
import { useLocale, useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import type { FollowerScope, FollowerScopeView } from "@/lib/db/followers";
import { followersCsvPath, useFollowers, type Follower, type FollowerStatus } from "./data";

/** A moment on the account's clock (the page names the zone once). */
function useAccountTime(timeZone: string | undefined) {
  const locale = useLocale();
  const format = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-US", {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  });
  return (iso: string | null) => (iso ? format.format(new Date(iso)) : "");
}

/** Where the list's people came from: the code itself, or the codes of the channel or campaign. */
function scopeHome(scope: FollowerScopeView | (FollowerScope & { name?: string; accountId?: number })) {
  if (scope.kind === "qrCodeId") return `/codes/${scope.id}`;
  const filter = scope.kind === "channelId" ? "channel" : "campaign";
  return scope.name ? `/codes?accountId=${scope.accountId}&${filter}=${encodeURIComponent(scope.name)}` : "/codes";
}

const backPath = (scope: FollowerScope) =>
  scope.kind === "qrCodeId" ? `/codes/${scope.id}` : scope.kind === "channelId" ? "/channels" : "/campaigns";

function StatusCell({ follower, time, t }: { follower: Follower; time: (iso: string | null) => string; t: Translate }) {
  return follower.following ? (
    <Badge tone="green">{t("followers.status.following")}</Badge>
  ) : (
    <span className="text-slate-500">{t("followers.status.unfollowed", { time: time(follower.unfollowedAt) })}</span>
  );
}

/** The people a code, channel or campaign brought: a table on wide screens, cards on a phone; pages by cursor. */
export function FollowersView({ scope }: { scope: FollowerScope }) {
  const t = useT();
  const locale = useLocale();
  const canTestScan = useCan("scan:simulate");
  const [status, setStatus] = useState<FollowerStatus>("all");
  // The cursors of the pages seen so far: the last is the page shown (null: the first page).
  const [trail, setTrail] = useState<(string | null)[]>([null]);
  const { data, error, isLoading, mutate } = useFollowers(scope, status, trail.at(-1) ?? null);
  const time = useAccountTime(data?.scope.timeZone);
  const byCode = scope.kind !== "qrCodeId";

  const choose = (next: FollowerStatus) => {
    setStatus(next);
    setTrail([null]);
  };

  const header = (
    <PageHeader
      title={data ? t("followers.titleOf", { name: data.scope.name }) : t("followers.title")}
      description={`${t(`followers.scope.${scope.kind}`)} · ${t("followers.description")}`}
      actions={
        <div className="flex flex-wrap gap-2">
          <Link href={backPath(scope)} className={secondaryLink}>
            {t("followers.back")}
          </Link>
          <a href={followersCsvPath(scope, status, locale)} className={secondaryLink} download data-testid="followers-csv">
            {t("followers.export")}
          </a>
        </div>
      }
    />
  );

  if (error && !data)
    return (
      <div>
        {header}
        <ErrorState error={error} onRetry={() => mutate()} />
      </div>
    );
  if (isLoading && !data)
    return (
      <div>
        {header}
        <Loading />
      </div>
    );
  if (!data) return header;

  const filters = (
    <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
      <fieldset className="flex gap-1" aria-label={t("followers.filter.label")}>
        {(["all", "following"] as const).map((option) => (
          <Button
            key={option}
            type="button"
            variant={status === option ? "primary" : "secondary"}
            aria-pressed={status === option}
            onClick={() => choose(option)}
            data-testid={`followers-filter-${option}`}
          >
            {t(`followers.filter.${option}`)}
          </Button>
        ))}
      </fieldset>
      <span className="text-slate-600" data-testid="followers-summary">
        {status === "all"
          ? t("followers.summary", { total: data.total, following: data.following })
          : t("followers.summaryFollowing", { following: data.following })}
      </span>
      <span className="text-xs text-slate-500">{t("followers.timeZone", { tz: data.scope.timeZone })}</span>
    </div>
  );

  if (data.total === 0)
    return (
      <div>
        {header}
        {filters}
        {status === "following" ? (
          <EmptyState
            title={t("followers.empty.followingTitle")}
            action={
              <Button variant="secondary" onClick={() => choose("all")}>
                {t("followers.empty.showAll")}
              </Button>
            }
          />
        ) : (
          <EmptyState
            title={t("followers.empty.title")}
            hint={t("followers.empty.hint")}
            action={
              <div className="flex flex-wrap justify-center gap-2">
                <Link href={scopeHome(data.scope)} className={secondaryLink} data-testid="followers-empty-code">
                  {t(scope.kind === "qrCodeId" ? "followers.empty.openCode" : "followers.empty.openCodes")}
                </Link>
                {canTestScan && (
                  <Link href="/replies" className={secondaryLink}>
                    {t("followers.empty.testScan")}
                  </Link>
                )}
              </div>
            }
          />
        )}
      </div>
    );

  const th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
  return (
    <div>
      {header}
      {filters}
      <div className="hidden relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm md:block">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="followers-table">
          <thead className="bg-slate-50">
            <tr>
              <th className={th}>{t("followers.col.openid")}</th>
              {byCode && <th className={th}>{t("followers.col.code")}</th>}
              <th className={th}>{t("followers.col.followedAt")}</th>
              <th className={th}>{t("followers.col.status")}</th>
              <th className={th}>{t("followers.col.lastScan")}</th>
              <th className={`${th} text-right`}>{t("followers.col.scans")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.items.map((f) => (
              <tr key={f.openid} data-testid="follower-row" data-openid={f.openid}>
                <td className="px-3 py-2 font-mono text-xs text-slate-800">{f.openid}</td>
                {byCode && (
                  <td className="px-3 py-2">
                    <Link href={`/codes/${f.qrCodeId}`} className="text-slate-800 hover:text-emerald-700 hover:underline">
                      {f.qrCode}
                    </Link>
                  </td>
                )}
                <td className="whitespace-nowrap px-3 py-2 text-slate-700">{time(f.followedAt)}</td>
                <td className="px-3 py-2">
                  <StatusCell follower={f} time={time} t={t} />
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-700">{time(f.lastScanAt) || t("followers.never")}</td>
                <td className="px-3 py-2 text-right tabular-nums">{f.scans}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 md:hidden" data-testid="followers-cards">
        {data.items.map((f) => (
          <li
            key={f.openid}
            className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm"
            data-testid="follower-card"
          >
            <div className="flex items-start justify-between gap-2">
              <span className="min-w-0 break-all font-mono text-xs text-slate-800">{f.openid}</span>
              <StatusCell follower={f} time={time} t={t} />
            </div>
            <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
              {byCode && (
                <>
                  <dt className="text-slate-500">{t("followers.col.code")}</dt>
                  <dd className="text-slate-800">{f.qrCode}</dd>
                </>
              )}
              <dt className="text-slate-500">{t("followers.col.followedAt")}</dt>
              <dd className="text-slate-800">{time(f.followedAt)}</dd>
              <dt className="text-slate-500">{t("followers.col.lastScan")}</dt>
              <dd className="text-slate-800">{time(f.lastScanAt) || t("followers.never")}</dd>
              <dt className="text-slate-500">{t("followers.col.scans")}</dt>
              <dd className="tabular-nums text-slate-800">{f.scans}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <nav className="mt-3 flex items-center justify-between text-sm text-slate-600" aria-label={t("followers.pager.label")}>
        <span data-testid="followers-page">{t("followers.page", { page: trail.length })}</span>
        <div className="flex gap-2">
          <Button variant="secondary" disabled={trail.length <= 1} onClick={() => setTrail((s) => s.slice(0, -1))}>
            {t("common.previous")}
          </Button>
          <Button
            variant="secondary"
            disabled={!data.next}
            onClick={() => data.next && setTrail((s) => [...s, data.next])}
            data-testid="followers-next"
          >
            {t("common.next")}
          </Button>
        </div>
      </nav>
    </div>
  );
}
