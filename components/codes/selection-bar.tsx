"use client";
import Link from "next/link";
import { useState } from "react";
import { Button, Select } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { ARCHIVE_LIMITS, QR_IMAGE_LIMITS } from "@/lib/limits";
import { downloadFile } from "./data";
import { PosterDownload } from "@/components/posters/poster-download";
import { PRINT_SIZES, printPath, zipPath } from "./format";

/** ZIP download and print sheet for a set of codes (the list's selection, or a finished batch). */
export function BulkActions({ ids, onClear, label }: { ids: number[]; onClear?: () => void; label?: string }) {
  const t = useT();
  const [size, setSize] = useState<number>(QR_IMAGE_LIMITS.size.default);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tooMany = ids.length > ARCHIVE_LIMITS.maxCodes;

  async function download() {
    setBusy(true);
    setError(null);
    try {
      await downloadFile(zipPath(ids, size), "qrcodes.zip");
    } catch (e) {
      setError(errorMessage(t, "codes", e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="bulk-actions">
      <span className="text-sm font-medium text-slate-700">{label ?? t("codes.select.count", { n: ids.length })}</span>
      <div className="w-40">
        <Select aria-label={t("codes.preview.size")} value={size} onChange={(e) => setSize(Number(e.target.value))}>
          {PRINT_SIZES.map((p) => (
            <option key={p.px} value={p.px}>
              {t("codes.size.option", { px: p.px, cm: p.cm })}
            </option>
          ))}
        </Select>
      </div>
      <Button type="button" onClick={download} disabled={busy || tooMany || ids.length === 0} data-testid="download-zip">
        {busy ? t("codes.zip.busy") : t("codes.zip.action")}
      </Button>
      {tooMany || ids.length === 0 ? (
        <Button type="button" variant="secondary" disabled>
          {t("codes.print.action")}
        </Button>
      ) : (
        <Link
          href={printPath(ids)}
          target="_blank"
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
          data-testid="print-sheet"
        >
          {t("codes.print.action")}
        </Link>
      )}
      {!tooMany && ids.length > 0 && <PosterDownload ids={ids} />}
      {onClear && (
        <Button type="button" variant="ghost" onClick={onClear}>
          {t("codes.select.clear")}
        </Button>
      )}
      {tooMany && <span className="text-xs text-amber-700">{t("codes.zip.tooMany", { max: ARCHIVE_LIMITS.maxCodes })}</span>}
      {error && (
        <span className="text-xs text-rose-600" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
