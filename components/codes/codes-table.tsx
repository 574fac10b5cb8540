"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui";
import { useLocale, useT } from "@/lib/i18n/client";
import { sceneOf, type QrCode } from "./format";
import { QrSvg } from "./qr-svg";
import { LocalDate } from "./local-date";
import { LifeBadge, StatusBadge } from "./status-badge";
import { RenewDialogButton } from "./renew-form";
import { LiveAddress, LiveBadge } from "@/components/live/live-badge";
import type { QrCodeListItem } from "@/lib/db/qrcodes";
import type { Json } from "@/lib/wire";

/** A row of the list: the code and its counts of all time. */
export type ListedCode = Json<QrCodeListItem>;

const THUMBNAIL_MARGIN = 1; // quiet modules around a thumbnail: enough at 48 px

/** A count's header: what it counts, said in its tooltip (and to screen readers). */
function CountHeader({ label, hint, className }: { label: string; hint: string; className: string }) {
  return (
    <th className={`${className} text-right`} title={hint}>
      <span className="cursor-help underline decoration-dotted underline-offset-2">{label}</span>
      <span className="sr-only">: {hint}</span>
    </th>
  );
}

function SelectAll({
  items,
  selected,
  onToggle,
}: {
  items: QrCode[];
  selected: Set<number>;
  onToggle: (ids: number[], on: boolean) => void;
}) {
  const t = useT();
  const ref = useRef<HTMLInputElement>(null);
  const count = items.filter((c) => selected.has(c.id)).length;
  const all = count > 0 && count === items.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="h-4 w-4 accent-emerald-600"
      checked={all}
      onChange={() =>
        onToggle(
          items.map((c) => c.id),
          !all,
        )
      }
      aria-label={t("codes.select.page")}
      data-testid="select-page"
    />
  );
}

export function CodesTable({
  items,
  selected,
  onToggle,
  canWrite,
  onRenewed,
}: {
  items: ListedCode[];
  selected: Set<number>;
  onToggle: (ids: number[], on: boolean) => void;
  canWrite: boolean;
  onRenewed: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const th = "whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="codes-table">
        <thead className="bg-slate-50">
          <tr>
            <th className="w-10 px-3 py-2">
              <SelectAll items={items} selected={selected} onToggle={onToggle} />
            </th>
            <th className={th}>
              <span className="sr-only">{t("codes.col.image")}</span>
            </th>
            <th className={th}>{t("codes.col.name")}</th>
            <th className={th}>{t("codes.col.channel")}</th>
            <th className={th}>{t("codes.col.campaign")}</th>
            <th className={th}>{t("codes.col.kind")}</th>
            <th className={th}>{t("codes.col.scene")}</th>
            <th className={th}>{t("codes.col.status")}</th>
            <CountHeader className={th} label={t("followers.codes.scans")} hint={t("followers.codes.scansHint")} />
            <CountHeader className={th} label={t("followers.codes.followers")} hint={t("followers.codes.followersHint")} />
            <th className={th} title={t("followers.codes.lastScanHint")}>
              {t("followers.codes.lastScan")}
            </th>
            <th className={th}>{t("codes.col.created")}</th>
            <th className={`${th} text-right`}>{t("codes.col.actions")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((code) => {
            const expired = code.status === "expired";
            return (
              <tr
                key={code.id}
                className={expired ? "bg-rose-50/40" : "hover:bg-slate-50"}
                data-testid="code-row"
                data-code-id={code.id}
              >
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    className="h-4 w-4 accent-emerald-600"
                    checked={selected.has(code.id)}
                    onChange={(e) => onToggle([code.id], e.target.checked)}
                    aria-label={t("codes.select.one", { name: code.name })}
                  />
                </td>
                <td className="px-3 py-2">
                  <Link href={`/codes/${code.id}`} tabIndex={-1} aria-hidden>
                    {code.url ? (
                      <QrSvg
                        content={code.url}
                        margin={THUMBNAIL_MARGIN}
                        className={`h-12 w-12 max-w-none rounded border border-slate-200 bg-white ${expired ? "opacity-40 grayscale" : ""}`}
                        testId="code-thumbnail"
                      />
                    ) : (
                      <span className="block h-12 w-12 rounded border border-dashed border-slate-200" />
                    )}
                  </Link>
                </td>
                <td className="min-w-40 max-w-56 px-3 py-2">
                  <Link
                    href={`/codes/${code.id}`}
                    className="block truncate font-medium text-slate-900 hover:text-emerald-700 hover:underline"
                    title={code.name}
                  >
                    {code.name}
                  </Link>
                  {code.reply?.type === "text" && (
                    <p className="truncate text-xs text-slate-500" title={code.reply.content}>
                      ↩ {code.reply.content}
                    </p>
                  )}
                  {code.live && <LiveAddress live={code.live} compact />}
                </td>
                <td className="px-3 py-2 text-slate-800">
                  <span className="block max-w-40 truncate whitespace-nowrap" title={code.channel}>
                    {code.channel}
                  </span>
                </td>
                <td className="px-3 py-2 text-slate-600">
                  {code.campaign ? (
                    <span className="block max-w-40 truncate whitespace-nowrap" title={code.campaign}>
                      {code.campaign}
                    </span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {code.live ? (
                    <LiveBadge live={code.live} />
                  ) : (
                    <Badge tone={code.kind === "permanent" ? "blue" : "slate"}>{t(`codes.kind.${code.kind}`)}</Badge>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs text-slate-700">{sceneOf(code)}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  <span className="flex flex-col items-start gap-0.5">
                    <StatusBadge code={code} />
                    <LifeBadge code={code} />
                  </span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums text-slate-800" data-testid="code-scans">
                  {code.scans}
                </td>
                <td className="px-3 py-2 text-right tabular-nums" data-testid="code-followers">
                  <Link
                    href={`/followers?qrCodeId=${code.id}`}
                    className="text-slate-800 hover:text-emerald-700 hover:underline"
                    aria-label={`${t("followers.link")}: ${code.followers}`}
                  >
                    {code.followers}
                  </Link>
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500" data-testid="code-last-scan">
                  {code.lastScanAt ? (
                    <LocalDate iso={code.lastScanAt} locale={locale} />
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500">
                  <LocalDate iso={code.createdAt} locale={locale} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <div className="flex items-center justify-end gap-1">
                    {expired && canWrite && !code.live && <RenewDialogButton code={code} onRenewed={onRenewed} />}
                    <Link
                      href={`/codes/${code.id}`}
                      className="rounded px-2 py-1 text-xs font-medium text-emerald-700 hover:bg-emerald-50"
                      data-testid={`preview-${code.id}`}
                    >
                      {t("codes.action.preview")}
                    </Link>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
