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
