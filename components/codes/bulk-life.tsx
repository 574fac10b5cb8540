"use client";
import { useState } from "react";
import { Button, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { BULK_MAX_CODES, NAME_MAX_CHARS } from "@/lib/limits";
import { bulkUpdateQrCodes, useCampaigns, type BulkChange } from "./data";

/** Archive, unarchive or move to a campaign the codes selected in the list, all at once. */
export function BulkLife({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const t = useT();
  const { data: campaigns } = useCampaigns();
  const [moving, setMoving] = useState(false);
  const [campaign, setCampaign] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const tooMany = ids.length > BULK_MAX_CODES;

  async function apply(change: BulkChange) {
    setBusy(true);
    setMessage(null);
    try {
      const { items } = await bulkUpdateQrCodes(ids, change);
      setMessage({ text: t("codes.bulk.done", { n: items.length }), error: false });
      setMoving(false);
      onDone();
    } catch (e) {
      setMessage({ text: errorMessage(t, "codes", e), error: true });
    } finally {
      setBusy(false);
    }
  }

  const disabled = busy || tooMany || ids.length === 0;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2" data-testid="bulk-life">
      <Button
        type="button"
        variant="secondary"
        disabled={disabled}
        onClick={() => apply({ action: "archive" })}
        data-testid="bulk-archive"
      >
        {t("codes.bulk.archive")}
      </Button>
      <Button
        type="button"
        variant="secondary"
        disabled={disabled}
        onClick={() => apply({ action: "unarchive" })}
        data-testid="bulk-unarchive"
      >
        {t("codes.bulk.unarchive")}
      </Button>
      {moving ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void apply({ action: "move", campaign: campaign.trim() || null });
          }}
        >
          <div className="w-56">
            <TextInput
              aria-label={t("codes.bulk.moveTo")}
              placeholder={t("codes.bulk.movePlaceholder")}
              list="bulk-campaigns"
              value={campaign}
              maxLength={NAME_MAX_CHARS}
              onChange={(e) => setCampaign(e.target.value)}
              data-testid="bulk-campaign"
            />
            <datalist id="bulk-campaigns">
              {[...new Set(campaigns?.items.map((c) => c.name))].map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
          <Button type="submit" disabled={disabled} data-testid="bulk-move-apply">
            {t("codes.bulk.moveApply")}
          </Button>
          <Button type="button" variant="ghost" onClick={() => setMoving(false)}>
            {t("codes.life.cancel")}
          </Button>
        </form>
      ) : (
        <Button type="button" variant="secondary" disabled={disabled} onClick={() => setMoving(true)} data-testid="bulk-move">
          {t("codes.bulk.move")}
        </Button>
      )}
      {tooMany && <span className="text-xs text-amber-700">{t("codes.zip.tooMany", { max: BULK_MAX_CODES })}</span>}
      {message && (
        <span
          className={`text-xs ${message.error ? "text-rose-600" : "text-emerald-700"}`}
          role={message.error ? "alert" : "status"}
        >
          {message.text}
        </span>
      )}
    </div>
  );
}
