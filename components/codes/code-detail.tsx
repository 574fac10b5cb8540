"use client";
import Link from "next/link";
import { useState } from "react";
import { Badge, Card, ErrorState, Loading, PageHeader } from "@/components/ui";
import { useCan } from "@/lib/client/session";
import { useLocale, useT } from "@/lib/i18n/client";
import { useQrCode } from "./data";
import { formatDate, humanDuration, sceneOf, type QrCode } from "./format";
import { QrPreview } from "./qr-preview";
import { RenewForm } from "./renew-form";
import { PosterDownload } from "@/components/posters/poster-download";
import { LifeBadge, StatusBadge } from "./status-badge";
import { CodeLife } from "./code-life";
import { LiveAddress, LiveBadge } from "@/components/live/live-badge";
import { secondaryLink } from "./codes-list";
import { TagsCard } from "./tags-card";
import { FollowUpsCard } from "./follow-ups-card";
import { useAccounts } from "@/lib/client/accounts";
import { PhoneClockZone } from "@/components/replies/phone-preview";

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 py-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function CopyText({ text }: { text: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <span className="flex items-start gap-2">
      <code className="min-w-0 break-all text-xs">{text}</code>
      <button
        type="button"
        className="shrink-0 rounded px-1.5 py-0.5 text-xs text-emerald-700 hover:bg-emerald-50"
        onClick={async () => {
          await navigator.clipboard?.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? t("common.copied") : t("common.copy")}
      </button>
    </span>
  );
}

function RenewCard({ code, onRenewed }: { code: QrCode; onRenewed: (code: QrCode) => void }) {
  const t = useT();
  return (
    <Card title={t("codes.renew.title")} className="border-rose-200">
      <RenewForm code={code} onRenewed={onRenewed} />
    </Card>
  );
}

/** The code's account's time zone, for the phone previews' clock (the browser's until the accounts load). */
const zoneOf = (accounts: { id: number; timeZone: string }[] | undefined, accountId: number) =>
  accounts?.find((a) => a.id === accountId)?.timeZone;

export function CodeDetail({ id, created }: { id: number; created: boolean }) {
  const t = useT();
  const locale = useLocale();
  const canWrite = useCan("qrcodes:write");
  const canReadStats = useCan("stats:read");
  const { data: code, error, isLoading, mutate } = useQrCode(id);
  const accounts = useAccounts();
  const [renewed, setRenewed] = useState(false);

  if (error) return <ErrorState error={error} onRetry={() => mutate()} back="/codes" />;
  if (isLoading || !code) return <Loading />;

  const expiresIn = code.expiresAt ? (Date.parse(code.expiresAt) - Date.now()) / 1000 : null;
  return (
    <div>
      <PageHeader
        title={code.name}
        description={[code.channel, code.campaign].filter(Boolean).join(" · ")}
        actions={
          <div className="flex flex-wrap gap-2">
            {canReadStats && (
              <Link href={`/followers?qrCodeId=${code.id}`} className={secondaryLink} data-testid="code-followers-link">
                {t("followers.link")}
              </Link>
            )}
            <Link href="/codes" className={secondaryLink}>
              {t("codes.detail.back")}
            </Link>
          </div>
        }
      />
      {created && (
        <p
          className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
          role="status"
          data-testid="created-banner"
        >
          {t("codes.detail.created")}
        </p>
      )}
      {renewed && (
        <p
          className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
          role="status"
          data-testid="renewed-banner"
        >
          {t("codes.renew.done")}
        </p>
      )}
      {code.archivedAt && (
        <p
          className="mb-4 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700"
          data-testid="archived-banner"
        >
          {t("codes.life.archivedBanner")}
        </p>
      )}
      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title={t("codes.preview.title")}>
          {code.status === "expired" && !code.live && (
            <p className="mb-3 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" role="alert">
              {t("codes.detail.expiredWarning")}
            </p>
          )}
          {code.signIn ? (
            <p className="text-sm text-slate-600" data-testid="sign-in-code-note">
              {t("bindings.signInCode.note")}
            </p>
          ) : (
            <QrPreview code={code} />
          )}
          {!code.signIn && code.url && (
            <div className="mt-4 border-t border-slate-100 pt-3">
              <PosterDownload ids={[code.id]} accountId={code.accountId} />
            </div>
          )}
        </Card>
        <div className="space-y-5">
          <Card title={t("codes.detail.title")}>
            <dl className="divide-y divide-slate-100 text-sm">
              <Row label={t("codes.col.status")}>
                <span className="flex flex-wrap items-start gap-1">
                  <StatusBadge code={code} />
                  <LifeBadge code={code} />
                </span>
              </Row>
              <Row label={t("codes.col.kind")}>
                <Badge tone={code.kind === "permanent" ? "blue" : "slate"}>{t(`codes.kind.${code.kind}`)}</Badge>
                {code.live && (
                  <>
                    {" "}
                    <LiveBadge live={code.live} />
                  </>
                )}
              </Row>
              {code.live && (
                <>
                  <Row label={t("live.url")} testId="detail-live-url">
                    <LiveAddress live={code.live} />
                  </Row>
                  <Row label={t("live.imageUrl")}>
                    <LiveAddress live={{ ...code.live, path: `${code.live.path}/image.png` }} testId="live-image-url" />
                    <span className="block text-xs text-slate-500">{t("live.renewNote")}</span>
                  </Row>
                </>
              )}
              <Row label={t("codes.col.scene")} testId="detail-scene">
                <span className="font-mono">{sceneOf(code)}</span>{" "}
                <span className="text-xs text-slate-500">
                  {code.sceneId !== null ? t("codes.scene.idShort") : t("codes.scene.strShort")}
                </span>
              </Row>
              <Row label={t("codes.detail.expiry")} testId="detail-expiry">
                {code.expiresAt ? (
                  <>
                    {formatDate(code.expiresAt, locale)}
                    {code.expireSeconds && (
                      <span className="block text-xs text-slate-500">
                        {t("codes.detail.lifetime", { d: humanDuration(code.expireSeconds, t) })}
                        {expiresIn !== null && expiresIn > 0
                          ? ` · ${t("codes.detail.left", { d: humanDuration(expiresIn, t) })}`
                          : ""}
                      </span>
                    )}
                  </>
                ) : (
                  t("codes.detail.never")
                )}
              </Row>
              <Row label={t("codes.detail.url")} testId="detail-url">
                {code.url && <CopyText text={code.url} />}
              </Row>
              <Row label={t("codes.field.campaign")}>{code.campaign ?? <span className="text-slate-400">—</span>}</Row>
              <Row label={t("codes.detail.reply")}>
                {code.reply ? (
                  code.reply.type === "text" ? (
                    <span className="whitespace-pre-wrap">{code.reply.content}</span>
                  ) : (
                    <Badge>{code.reply.type}</Badge>
                  )
                ) : (
                  <span className="text-slate-400">{t("codes.detail.noReply")}</span>
                )}
              </Row>
              <Row label={t("codes.life.schedule")} testId="detail-schedule">
                {code.validFrom || code.validTo ? (
                  `${code.validFrom ? formatDate(code.validFrom, locale) : "…"} – ${code.validTo ? formatDate(code.validTo, locale) : "…"}`
                ) : (
                  <span className="text-slate-400">{t("codes.life.scheduleNone")}</span>
                )}
              </Row>
              <Row label={t("codes.life.note")} testId="detail-note">
                {code.note ? <span className="whitespace-pre-wrap">{code.note}</span> : <span className="text-slate-400">—</span>}
              </Row>
              <Row label={t("codes.col.created")}>{formatDate(code.createdAt, locale)}</Row>
            </dl>
          </Card>
          {!code.signIn && <TagsCard code={code} />}
          {canWrite && <CodeLife code={code} onChanged={(fresh) => void mutate(fresh, { revalidate: false })} />}
          {code.status === "expired" && canWrite && !code.live && (
            <RenewCard
              code={code}
              onRenewed={(fresh) => {
                setRenewed(true);
                void mutate(fresh, { revalidate: false });
              }}
            />
          )}
        </div>
      </div>
      {!code.signIn && (
        <div className="mt-5">
          <PhoneClockZone.Provider value={zoneOf(accounts.data?.items, code.accountId)}>
            <FollowUpsCard code={code} />
          </PhoneClockZone.Provider>
        </div>
      )}
    </div>
  );
}
