"use client";
import Link from "next/link";
import { useState } from "react";
import { Button, Select } from "@/components/ui";
import { downloadFile } from "@/components/codes/data";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { posterPath, posterZipPath, usePosters } from "./data";

/**
 * Posters for chosen codes: a template of their account and a download (one code: its PNG; several: a ZIP).
 * Without templates, the way to make one.
 */
export function PosterDownload({ ids, accountId }: { ids: number[]; accountId?: number }) {
  const t = useT();
  const templates = usePosters(accountId).data?.items ?? [];
  const [chosen, setChosen] = useState<number | "">("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const template = templates.find((p) => p.id === chosen) ?? templates[0];

  if (templates.length === 0)
    return (
      <Link href="/posters" className="text-sm font-medium text-emerald-700 underline" data-testid="poster-manage">
        {t("posters.manage")}
      </Link>
    );

  async function download() {
    if (!template) return;
    setBusy(true);
    setError(null);
    try {
      if (ids.length === 1) await downloadFile(posterPath(ids[0], template.id), "poster.png");
      else await downloadFile(posterZipPath(ids, template.id), "posters.zip");
    } catch (e) {
      setError(errorMessage(t, "posters", e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="poster-download">
      <Select
        aria-label={t("posters.template")}
        className="w-48 max-w-full"
        value={template?.id ?? ""}
        onChange={(e) => setChosen(Number(e.target.value))}
        data-testid="poster-template"
      >
        {templates.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </Select>
      <Button
        type="button"
        variant="secondary"
        onClick={download}
        disabled={busy || ids.length === 0}
        data-testid="poster-download-button"
      >
        {busy ? t("posters.downloading") : ids.length === 1 ? t("posters.download") : t("posters.zip")}
      </Button>
      {error && (
        <span className="text-xs text-rose-600" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
