"use client";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui";
import { CopyButton } from "@/components/admin/copy-button";
import { useT } from "@/lib/i18n/client";

type Live = { slug: string; perVisitor: boolean; path: string };

/** Marks a live code (活码) beside printed ones. */
export function LiveBadge({ live }: { live: Live }) {
  const t = useT();
  return (
    <span data-testid="live-badge">
      <Badge tone="green">{live.perVisitor ? t("live.badgePerVisitor") : t("live.badge")}</Badge>
    </span>
  );
}

/** The public address as visitors reach it: this dashboard's own origin (known in the browser only). */
function usePublicUrl(path: string): string {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  return `${origin}${path}`;
}

/** The public page's address with a copy button; `compact` for a table cell. */
export function LiveAddress({ live, compact = false, testId = "live-url" }: { live: Live; compact?: boolean; testId?: string }) {
  const t = useT();
  const url = usePublicUrl(live.path);
  return (
    <span className={`flex min-w-0 items-center gap-2 ${compact ? "text-xs" : "text-sm"}`}>
      <a
        href={live.path}
        target="_blank"
        rel="noreferrer"
        className="min-w-0 truncate font-mono text-emerald-700 hover:underline"
        title={t("live.open")}
        data-testid={testId}
      >
        {compact ? live.path : url}
      </a>
      <CopyButton text={url} label={t("live.copy")} testId={`${testId}-copy`} />
    </span>
  );
}
