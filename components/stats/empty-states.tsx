"use client";
import Link from "next/link";
import { useT } from "@/lib/i18n/client";
import { useCan } from "@/lib/client/session";
import { Button, EmptyState } from "@/components/ui";

const linkButton =
  "inline-flex items-center justify-center rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-1";
export const primaryLink = `${linkButton} bg-emerald-600 text-white hover:bg-emerald-700`;
export const secondaryLink = `${linkButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`;

export function NoAccount() {
  const t = useT();
  const canAdd = useCan("accounts:write");
  return (
    <EmptyState
      title={t("stats.empty.noAccount.title")}
      hint={t("stats.empty.noAccount.hint")}
      action={
        canAdd ? (
          <Link href="/accounts" className={primaryLink}>
            {t("stats.empty.noAccount.action")}
          </Link>
        ) : undefined
      }
    />
  );
}

export function NoCodes() {
  const t = useT();
  const canCreate = useCan("qrcodes:write");
  return (
    <EmptyState
      title={t("stats.empty.noCodes.title")}
      hint={t(canCreate ? "stats.empty.noCodes.hint" : "stats.empty.noCodes.ask")}
      action={
        canCreate ? (
          <Link href="/codes" className={primaryLink}>
            {t("stats.empty.noCodes.action")}
          </Link>
        ) : undefined
      }
    />
  );
}

export function NoScans({ onWiden }: { onWiden?: () => void }) {
  const t = useT();
  const canScan = useCan("scan:simulate");
  return (
    <EmptyState
      title={t("stats.empty.noScans.title")}
      hint={t("stats.empty.noScans.hint")}
      action={
        <div className="flex flex-wrap justify-center gap-2">
          {onWiden && <Button onClick={onWiden}>{t("stats.empty.noScans.widen")}</Button>}
          {canScan && (
            <Link href="/codes" className={secondaryLink}>
              {t("stats.empty.noScans.testScan")}
            </Link>
          )}
        </div>
      }
    />
  );
}
