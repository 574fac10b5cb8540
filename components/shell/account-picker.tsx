"use client";
import { Badge, Select } from "@/components/ui";
import { useT } from "@/lib/i18n/client";

type PickableAccount = { id: number; name: string; appId: string; sandbox?: boolean };

/**
 * A page header's choice of official account: a select when there are several, else the one
 * account's name (sandbox accounts marked). Nothing while none is known yet.
 */
export function AccountPicker({
  id,
  label,
  accounts,
  account,
  onChoose,
}: {
  id: string;
  label: string;
  accounts: readonly PickableAccount[];
  account: PickableAccount | undefined;
  onChoose: (accountId: number) => void;
}) {
  const t = useT();
  if (accounts.length > 1) {
    return (
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        <Select
          id={id}
          value={account?.id}
          onChange={(e) => onChoose(Number(e.target.value))}
          className="w-64 max-w-full"
          data-testid="account-picker"
        >
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.appId}){a.sandbox ? ` · ${t("replies.account.sandbox")}` : ""}
            </option>
          ))}
        </Select>
      </div>
    );
  }
  if (!account) return null;
  return (
    <span className="flex items-center gap-2 text-sm text-slate-600">
      {account.name}
      {account.sandbox && <Badge tone="amber">{t("replies.account.sandbox")}</Badge>}
    </span>
  );
}
