"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button, EmptyState, Select } from "@/components/ui";
import { useLocale, useT } from "@/lib/i18n/client";
import { formatDate, imagePath, sceneOf, type QrCode } from "./format";
import { secondaryLink } from "./codes-list";

const COLUMNS = { 2: "grid-cols-2", 3: "grid-cols-3", 4: "grid-cols-4" } as const;

/** A sheet of codes to print and cut: each with its name, channel and scene so the right one goes to the right place. */
export function PrintSheet({ codes, missing }: { codes: QrCode[]; missing: number }) {
  const t = useT();
  const locale = useLocale();
  const [columns, setColumns] = useState<keyof typeof COLUMNS>(3);
  const [loaded, setLoaded] = useState(0);
  // Images are counted as they load, so they are only put on the page once React listens.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const ready = mounted && loaded >= codes.length;

  if (codes.length === 0)
    return (
      <EmptyState
        title={t("codes.print.emptyTitle")}
        hint={t("codes.print.emptyHint")}
        action={
          <Link href="/codes" className={secondaryLink}>
            {t("codes.detail.back")}
          </Link>
        }
      />
    );

  return (
    <div>
      <style>{`@media print { body > header { display: none !important; } main { max-width: none !important; padding: 0 !important; } body { background: #fff !important; } } @page { size: A4; margin: 12mm; }`}</style>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3 print:hidden">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t("codes.print.title")}</h1>
          <p className="mt-1 text-sm text-slate-500">
            {t("codes.print.description", { n: codes.length })}
            {missing > 0 && <span className="ml-2 text-amber-700">{t("codes.print.missing", { n: missing })}</span>}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <div className="w-32">
            <Select aria-label={t("codes.print.columns")} value={columns} onChange={(e) => setColumns(Number(e.target.value) as keyof typeof COLUMNS)}>
              {[2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {t("codes.print.perRow", { n })}
                </option>
              ))}
            </Select>
          </div>
          <Link href="/codes" className={secondaryLink}>
            {t("codes.detail.back")}
          </Link>
          <Button type="button" onClick={() => window.print()} disabled={!ready} data-testid="print-button">
            {ready ? t("codes.print.button") : t("codes.print.loading", { done: loaded, total: codes.length })}
          </Button>
        </div>
      </div>
      <div className={`grid ${COLUMNS[columns]} gap-4 print:gap-3`} data-testid="print-grid">
        {codes.map((code) => (
          <figure
            key={code.id}
            className="flex break-inside-avoid flex-col items-center rounded-lg border border-dashed border-slate-300 bg-white p-3 text-center print:rounded-none"
            data-testid="print-cell"
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- our own API renders the image */}
            <img
              src={mounted ? imagePath(code, { size: 430 }) : undefined}
              alt={code.name}
              className="aspect-square w-full max-w-[15rem]"
              onLoad={() => setLoaded((n) => n + 1)}
              onError={() => setLoaded((n) => n + 1)}
            />
            <figcaption className="mt-2 w-full space-y-0.5">
              <p className="truncate font-semibold text-slate-900">{code.name}</p>
              <p className="truncate text-sm text-slate-700">
                {code.channel}
                {code.campaign ? ` · ${code.campaign}` : ""}
              </p>
              <p className="font-mono text-xs text-slate-500">
                {t("codes.col.scene")}: {sceneOf(code)}
              </p>
              {code.expiresAt && (
                <p className={`text-xs ${code.status === "expired" ? "text-rose-600" : "text-slate-500"}`} suppressHydrationWarning>
                  {code.status === "expired" ? t("codes.status.expired") : t("codes.print.validUntil", { date: formatDate(code.expiresAt, locale, false) })}
                </p>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
