"use client";
import { useT } from "@/lib/i18n/client";
import { QR_RULES } from "@/lib/wechat/limits";
import { useAccounts, useQuota } from "./data";

function Meter({ accountId, name }: { accountId: number; name: string }) {
  const t = useT();
  const { data, error } = useQuota(accountId);
  if (error)
    return (
      <p className="text-xs text-rose-600">
        {name}: {error.message}
      </p>
    );
  const used = data?.permanent.used ?? 0;
  const limit = data?.permanent.limit ?? QR_RULES.permanentQuota;
  const share = Math.min(1, used / limit);
  const tone = share >= 0.9 ? "bg-rose-500" : share >= 0.7 ? "bg-amber-500" : "bg-emerald-500";
  return (
    <div className="min-w-56 max-w-md flex-1" data-testid={`quota-${accountId}`}>
      <div className="flex items-baseline justify-between gap-2 text-xs text-slate-600">
        <span className="truncate font-medium text-slate-700" title={name}>
          {name}
        </span>
        <span>{t("codes.quota.value", { used: used.toLocaleString(), limit: limit.toLocaleString() })}</span>
      </div>
      <div
        className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={used}
        aria-label={t("codes.quota.label", { account: name })}
      >
        <div className={`h-full ${tone}`} style={{ width: `${Math.max(share * 100, used > 0 ? 0.5 : 0)}%` }} />
      </div>
    </div>
  );
}

/** Permanent codes can never be deleted at WeChat, and each account may hold only so many: show how many are used. */
export function QuotaMeters() {
  const t = useT();
  const { data } = useAccounts();
  if (!data?.items.length) return null;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-2.5">
      <span className="text-xs font-medium text-slate-500" title={t("codes.quota.hint")}>
        {t("codes.quota.title")}
      </span>
      {data.items.map((account) => (
        <Meter key={account.id} accountId={account.id} name={account.name} />
      ))}
    </div>
  );
}
