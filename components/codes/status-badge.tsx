"use client";
import { Badge } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { statusInfo, type QrCode } from "./format";

/** Active / expired, and for temporary codes how long is left (amber under three days). */
export function StatusBadge({ code }: { code: Pick<QrCode, "kind" | "status" | "expiresAt"> }) {
  const t = useT();
  const info = statusInfo(code, t);
  return (
    <span className="inline-flex flex-col items-start gap-0.5" data-testid="status">
      <Badge tone={info.tone}>{info.label}</Badge>
      {info.detail && (
        <span className={`text-xs ${info.tone === "amber" ? "text-amber-700" : "text-slate-500"}`}>{info.detail}</span>
      )}
    </span>
  );
}

/** Where a code stands in its life: archived, or outside its schedule (null: it counts). */
export function lifeState(code: Pick<QrCode, "archivedAt" | "validFrom" | "validTo">, now = Date.now()) {
  if (code.archivedAt) return "archived" as const;
  if (code.validFrom && now < Date.parse(code.validFrom)) return "notStarted" as const;
  if (code.validTo && now >= Date.parse(code.validTo)) return "ended" as const;
  return null;
}

/** Archived, not started or ended: a scan of it counts for no code. Nothing for a code that counts. */
export function LifeBadge({ code }: { code: Pick<QrCode, "archivedAt" | "validFrom" | "validTo"> }) {
  const t = useT();
  const state = lifeState(code);
  if (!state) return null;
  return (
    <span data-testid="life-state" data-state={state}>
      <Badge tone={state === "archived" ? "slate" : "amber"}>{t(`codes.life.${state}`)}</Badge>
    </span>
  );
}
