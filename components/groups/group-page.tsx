"use client";
import Link from "next/link";
import { useState } from "react";
import { Button, Card, EmptyState, ErrorState, Loading, PageHeader, Select } from "@/components/ui";
import { useAccounts } from "@/lib/client/accounts";
import { errorMessage } from "@/lib/client/errors";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import type { Permission } from "@/lib/access/roles";

export type Notice = { tone: "ok" | "error"; text: string };

/** What a row's action reports: success words, or the refusal in the page's language. */
export type Report = <T>(run: () => Promise<T>, success: (result: T) => string) => Promise<boolean>;

/** A notice and the act that sets it: runs a change, reloads the list either way, then says how it went — so the notice never shows beside a stale row. */
export function useReport(reload: () => unknown): { notice: Notice | null; clear: () => void; report: Report } {
  const t = useT();
  const [notice, setNotice] = useState<Notice | null>(null);
  const report: Report = async (run, success) => {
    let outcome: Notice;
    try {
      outcome = { tone: "ok", text: success(await run()) };
    } catch (error) {
      outcome = { tone: "error", text: errorMessage(t, "groups", error) };
    }
    await reload();
    setNotice(outcome);
    return outcome.tone === "ok";
  };
  return { notice, clear: () => setNotice(null), report };
}

/** The header, account choice, notice and list states that the channels and campaigns pages share. */
export function GroupPage({
  title,
  description,
  permission,
  accountId,
  onAccount,
  notice,
  onDismiss,
  query,
  count,
  empty,
  children,
}: {
  title: string;
  description: string;
  permission: Permission;
  accountId?: number;
  onAccount: (id: number | undefined) => void;
  notice: Notice | null;
  onDismiss: () => void;
  query: { isLoading: boolean; error?: Error; mutate: () => unknown };
  count: number;
  empty: { title: string; hint: string };
  children: React.ReactNode;
}) {
  const t = useT();
  const canWrite = useCan(permission);
  const canCreate = useCan("qrcodes:write");
  const accounts = useAccounts({ revalidateOnFocus: false }).data?.items ?? [];
  return (
    <div className="space-y-5">
      <PageHeader
        title={title}
        description={description}
        actions={
          accounts.length > 1 && (
            <div className="flex items-center gap-2 text-sm text-slate-600">
              <label htmlFor="group-account">{t("groups.account")}</label>
              <Select
                id="group-account"
                className="w-48"
                value={accountId ?? ""}
                onChange={(e) => onAccount(e.target.value ? Number(e.target.value) : undefined)}
                data-testid="group-account"
              >
                <option value="">{t("groups.allAccounts")}</option>
                {accounts.map((account) => (
                  <option key={account.id} value={account.id}>
                    {account.name}
                  </option>
                ))}
              </Select>
            </div>
          )
        }
      />
      {!canWrite && <p className="text-sm text-slate-500">{t("groups.readOnly")}</p>}
      {notice && (
        <div
          className={`flex items-center gap-3 rounded-md border px-4 py-3 text-sm ${notice.tone === "ok" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-rose-200 bg-rose-50 text-rose-800"}`}
          role={notice.tone === "ok" ? "status" : "alert"}
          data-testid="group-notice"
        >
          <span className="flex-1">{notice.text}</span>
          <Button type="button" variant="ghost" onClick={onDismiss} aria-label={t("admin.dismiss")}>
            ×
          </Button>
        </div>
      )}
      {query.isLoading ? (
        <Loading />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => query.mutate()} />
      ) : count === 0 ? (
        <EmptyState
          title={empty.title}
          hint={empty.hint}
          action={
            canCreate && (
              <Link href="/codes/new" className="text-sm font-medium text-emerald-700 underline">
                {t("codes.new.title")}
              </Link>
            )
          }
        />
      ) : (
        <Card className="relative overflow-x-auto p-0">{children}</Card>
      )}
    </div>
  );
}

/** A list table: headers, then the caller's rows; wide enough to read, scrolled sideways on a phone. */
export function GroupTable({ columns, testId, children }: { columns: string[]; testId: string; children: React.ReactNode }) {
  return (
    <table className="w-full min-w-[640px] text-left text-sm" data-testid={testId}>
      <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col" className="whitespace-nowrap px-4 py-2 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
    </table>
  );
}

/** The counts every row shows: codes, and scans and new follows over the recent days. */
export function CountCells({ codes, scans, newFollows }: { codes: number; scans: number; newFollows: number }) {
  return (
    <>
      <td className="px-4 py-3 align-top tabular-nums" data-testid="group-codes">
        {codes}
      </td>
      <td className="px-4 py-3 align-top tabular-nums" data-testid="group-scans">
        {scans}
      </td>
      <td className="px-4 py-3 align-top tabular-nums" data-testid="group-follows">
        {newFollows}
      </td>
    </>
  );
}
