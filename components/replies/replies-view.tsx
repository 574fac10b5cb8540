"use client";
import { useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { AccountPicker } from "@/components/shell/account-picker";
import { useCan, useViewer } from "@/lib/client/session";
import { AccountRepliesCard } from "./account-replies";
import { PhoneClockZone } from "./phone-preview";
import { CodeReplyTable } from "./code-reply-table";
import { ReplyImagesSource } from "./image-library";
import { useAccounts } from "./data";

/** /replies: pick an account, then its welcome and default reply, then every code's reply. */
export function RepliesView({ initialAccountId }: { initialAccountId?: number }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const viewer = useViewer();
  const canEdit = useCan("replies:write");
  const { data, error, isLoading, mutate } = useAccounts();
  const [chosen, setChosen] = useState<number | undefined>(initialAccountId);

  const accounts = data?.items ?? [];
  const account = accounts.find((a) => a.id === chosen) ?? accounts[0];

  function choose(id: number) {
    setChosen(id);
    router.replace(`${pathname}?account=${id}`, { scroll: false });
  }

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("replies.title")}
        description={t("replies.description")}
        actions={
          <AccountPicker
            id="reply-account"
            label={t("replies.account.pick")}
            accounts={accounts}
            account={account}
            onChoose={choose}
          />
        }
      />
      {!canEdit && viewer && (
        <p className="rounded-md border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900" data-testid="readonly-note">
          {t("replies.readOnly", { role: t(`role.${viewer.role}`) })}
        </p>
      )}
      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading />
      ) : !account ? (
        <EmptyState title={t("replies.noAccounts")} hint={t("replies.noAccountsHint")} />
      ) : (
        <PhoneClockZone.Provider value={account.timeZone}>
          <AccountRepliesCard key={`a-${account.id}`} accountId={account.id} accountName={account.name} />
          <ReplyImagesSource accountId={account.id}>
            <CodeReplyTable key={`c-${account.id}`} accountId={account.id} accountName={account.name} />
          </ReplyImagesSource>
        </PhoneClockZone.Provider>
      )}
    </div>
  );
}
