"use client";
import Link from "next/link";
import { memo, useEffect, useMemo, useState } from "react";
import { Button, EmptyState, Select } from "@/components/ui";
import { useLocale, useT } from "@/lib/i18n/client";
import { QrSvg } from "./qr-svg";
import { sceneOf, type PrintCode } from "./format";
import { LocalDate } from "./local-date";
import { secondaryLink } from "./codes-list";

const COLUMNS = { 2: "grid-cols-2", 3: "grid-cols-3", 4: "grid-cols-4" } as const;
const MARGIN = 2; // quiet modules, as the image API's default
const DRAWN_PER_STEP = 100; // codes drawn between two paints, so a sheet of 1,000 shows its progress

/**
 * One code to cut out: re-rendered only when it is drawn, so each step of a long sheet touches
 * only its own cells, and laid out only near the screen (content-visibility; printing lays out all).
 */
const PrintCell = memo(function PrintCell({ code, drawn }: { code: PrintCode; drawn: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <figure
      className="flex break-inside-avoid flex-col items-center rounded-lg border [contain-intrinsic-size:auto_20rem] [content-visibility:auto] border-dashed border-slate-300 bg-white p-3 text-center print:rounded-none"
      data-testid="print-cell"
    >
      {code.url && drawn ? (
        <QrSvg
          content={code.url}
          margin={MARGIN}
          logo={code.logo}
          label={code.name}
          className="aspect-square w-full max-w-[15rem]"
          testId="print-qr"
        />
      ) : (
        <div className="aspect-square w-full max-w-[15rem] bg-slate-50" aria-hidden />
      )}
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
          <p className={`text-xs ${code.status === "expired" ? "text-rose-600" : "text-slate-500"}`}>
            {code.status === "expired" ? (
              t("codes.status.expired")
            ) : (
              <LocalDate
                iso={code.expiresAt}
                locale={locale}
                withTime={false}
                render={(date) => t("codes.print.validUntil", { date })}
              />
            )}
          </p>
        )}
      </figcaption>
    </figure>
  );
});

/** How many of the sheet's distinct logos the browser holds: printing before they arrive would print codes without them. */
function useLoadedLogos(codes: PrintCode[]): { loaded: number; total: number } {
  const urls = useMemo(() => [...new Set(codes.flatMap((code) => (code.logo ? [code.logo] : [])))], [codes]);
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    setLoaded(0);
    const images = urls.map((url) => {
      const image = new Image();
      // A logo that fails is not waited for: its codes print, as the image API draws them, without it.
      image.onload = image.onerror = () => setLoaded((n) => n + 1);
      image.src = url;
      return image;
    });
    return () => {
      for (const image of images) image.onload = image.onerror = null;
    };
  }, [urls]);
  return { loaded, total: urls.length };
}

/** A sheet of codes to print and cut: each with its name, channel and scene so the right one goes to the right place. */
export function PrintSheet({ codes, missing }: { codes: PrintCode[]; missing: number }) {
  const t = useT();
  const [columns, setColumns] = useState<keyof typeof COLUMNS>(3);
  // Drawn after the page is interactive, a step at a time; the server sends names, not images.
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    if (drawn >= codes.length) return;
    const step = setTimeout(() => setDrawn((n) => Math.min(codes.length, n + DRAWN_PER_STEP)), 0);
    return () => clearTimeout(step);
  }, [drawn, codes.length]);
  const logos = useLoadedLogos(codes);
  const ready = drawn >= codes.length && logos.loaded >= logos.total;

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
            <Select
              aria-label={t("codes.print.columns")}
              value={columns}
              onChange={(e) => setColumns(Number(e.target.value) as keyof typeof COLUMNS)}
            >
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
            {ready
              ? t("codes.print.button")
              : drawn < codes.length
                ? t("codes.print.loading", { done: drawn, total: codes.length })
                : t("codes.print.loadingLogos", { done: logos.loaded, total: logos.total })}
          </Button>
        </div>
      </div>
      <div className={`grid ${COLUMNS[columns]} gap-4 print:gap-3`} data-testid="print-grid">
        {codes.map((code, index) => (
          <PrintCell key={code.id} code={code} drawn={index < drawn} />
        ))}
      </div>
    </div>
  );
}
