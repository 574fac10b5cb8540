"use client";
import Link from "next/link";
import { useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui";
import { useAccounts } from "@/lib/client/accounts";
import { useT } from "@/lib/i18n/client";
import { AccountPicker } from "@/components/shell/account-picker";
import { FollowerList } from "./follower-list";
import { PersonPanel } from "./person-panel";
import { newOpenid } from "./data";

export type SandboxAccount = { id: number; name: string; appId: string };

/** /sandbox: pick a sandbox account, then a person it knows (or a new one), and play them on a phone. */
export function SandboxView({ initialAccountId, initialOpenid }: { initialAccountId?: number; initialOpenid?: string }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const { data, error, isLoading, mutate } = useAccounts();
  const accounts = (data?.items ?? []).filter((a) => a.sandbox);
  const [chosen, setChosen] = useState<number | undefined>(initialAccountId);
  const account = accounts.find((a) => a.id === chosen) ?? accounts[0];
  const [openid, setOpenid] = useState<string>(() => initialOpenid ?? newOpenid());

  function show(next: { account?: number; openid?: string }) {
    const accountId = next.account ?? account?.id;
    const person = next.openid ?? openid;
    if (next.account !== undefined) setChosen(next.account);
    if (next.openid !== undefined) setOpenid(next.openid);
    router.replace(`${pathname}?${new URLSearchParams({ account: String(accountId), openid: person })}`, { scroll: false });
  }

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("sandbox.title")}
        description={t("sandbox.description")}
        actions={
          <AccountPicker
            id="sandbox-account"
            label={t("sandbox.account")}
            accounts={accounts}
            account={account}
            onChoose={(id) => show({ account: id })}
          />
        }
      />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading />
      ) : !account ? (
        <EmptyState
          title={t("sandbox.noAccounts")}
          hint={t("sandbox.noAccountsHint")}
          action={
            <Link href="/accounts" className="text-sm font-medium text-emerald-700 hover:underline">
              {t("sandbox.goAccounts")}
            </Link>
          }
        />
      ) : (
        <div className="grid gap-5 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]" key={account.id}>
          <FollowerList account={account} selected={openid} onSelect={(o) => show({ openid: o })} />
          <PersonPanel account={account} openid={openid} onOpenid={(o) => show({ openid: o })} />
        </div>
      )}
    </div>
  );
}
