"use client";
import { useState } from "react";
import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { PREVIEW_LOGO_MAX_BYTES } from "@/lib/limits";
import type { CampaignView } from "@/lib/db/campaigns";
import { deleteLogo, logoPngOf, putLogo } from "@/components/codes/logo-client";
import type { Report } from "./group-page";

/** A campaign's logo (the default of its codes): a small thumbnail, and set, change or remove for those who may edit. */
export function CampaignLogo({ campaign, canWrite, report }: { campaign: CampaignView; canWrite: boolean; report: Report }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const path = `/api/campaigns/${campaign.id}/logo`;

  async function choose(file: File | undefined) {
    setProblem(null);
    if (!file) return;
    if (!["image/png", "image/jpeg"].includes(file.type)) return setProblem(t("codes.logo.type"));
    if (file.size > PREVIEW_LOGO_MAX_BYTES) return setProblem(t("codes.logo.tooLarge"));
    let png: Blob;
    try {
      png = (await logoPngOf(file)).png;
    } catch {
      return setProblem(t("codes.logo.unreadable"));
    }
    setBusy(true);
    await report(
      () => putLogo(path, png),
      () => t("campaigns.logo.saved", { name: campaign.name }),
    );
    setBusy(false);
  }

  async function remove() {
    setProblem(null);
    setBusy(true);
    await report(
      () => deleteLogo(path),
      () => t("campaigns.logo.removed", { name: campaign.name }),
    );
    setBusy(false);
  }

  if (!canWrite && !campaign.logoSha256) return null;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2" data-testid="campaign-logo" data-logo={campaign.logoSha256 ?? "none"}>
      {campaign.logoSha256 ? (
        // eslint-disable-next-line @next/next/no-img-element -- the stored PNG, sized by CSS
        <img
          src={`${path}?v=${campaign.logoSha256.slice(0, 12)}`}
          alt={t("campaigns.logo.alt", { name: campaign.name })}
          className="h-8 w-8 rounded border border-slate-200 bg-white object-contain"
          data-testid="campaign-logo-thumb"
        />
      ) : null}
      {canWrite && (
        <>
          <label
            className={`inline-flex items-center rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 focus-within:ring-2 focus-within:ring-emerald-500 ${busy ? "cursor-wait opacity-60" : "cursor-pointer hover:bg-slate-50"}`}
            title={t("campaigns.logo.hint")}
          >
            {busy ? t("campaigns.logo.saving") : campaign.logoSha256 ? t("campaigns.logo.change") : t("campaigns.logo.set")}
            <input
              type="file"
              accept="image/png,image/jpeg"
              className="sr-only"
              disabled={busy}
              aria-label={t("campaigns.logo.set")}
              onChange={(e) => {
                void choose(e.target.files?.[0]);
                e.target.value = "";
              }}
              data-testid="campaign-logo-file"
            />
          </label>
          {campaign.logoSha256 && (
            <Button
              type="button"
              variant="ghost"
              className="px-2 py-1 text-xs"
              disabled={busy}
              onClick={() => void remove()}
              data-testid="campaign-logo-remove"
            >
              {t("campaigns.logo.remove")}
            </Button>
          )}
        </>
      )}
      {problem && (
        <p className="w-full text-xs text-rose-600" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
