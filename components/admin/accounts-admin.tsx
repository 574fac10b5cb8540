"use client";
import { useState } from "react";
import Link from "next/link";
import { Badge, Button, Card, PageHeader } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import type { AccountSummary } from "@/lib/db/accounts";
import { AccountForm, type TypedSecrets } from "./account-form";
import { AdminList } from "./admin-list";
import { CheckButton, CheckResult, useConnectionChecks } from "./connection-check";
import { useAccounts } from "./data";
import { WebhookSetup } from "./webhook-setup";

type Panel =
  | { kind: "create" }
  | { kind: "edit"; accountId: number }
  | { kind: "setup"; accountId: number; secrets: TypedSecrets; justSaved: boolean };

/** /accounts: the official accounts, adding and editing them, and connecting them to WeChat. */
export function AccountsAdmin({ defaultApiBase }: { defaultApiBase: string | null }) {
  const t = useT();
  const { data, error, isLoading, mutate } = useAccounts();
  const [panel, setPanel] = useState<Panel | null>(null);
  const { checks, run } = useConnectionChecks();
  const accounts = data?.items ?? [];
  const current = panel && panel.kind !== "create" ? accounts.find((a) => a.id === panel.accountId) : undefined;

  async function saved(account: AccountSummary, secrets: TypedSecrets) {
    await mutate();
    setPanel({ kind: "setup", accountId: account.id, secrets, justSaved: true });
  }

  const addButton = (
    <Button type="button" onClick={() => setPanel({ kind: "create" })} data-testid="add-account">
      {t("accounts.add")}
    </Button>
  );

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("accounts.title")}
        description={t("accounts.description")}
        actions={panel || accounts.length === 0 ? undefined : addButton}
      />

      {panel?.kind === "create" && (
        <Card title={t("accounts.addTitle")}>
          <AccountForm defaultApiBase={defaultApiBase} onSaved={saved} onCancel={() => setPanel(null)} />
        </Card>
      )}
      {panel?.kind === "edit" && current && (
        <Card title={t("accounts.editTitleNamed", { name: current.name })}>
          <AccountForm
            key={current.id}
            account={current}
            defaultApiBase={defaultApiBase}
            onSaved={saved}
            onCancel={() => setPanel(null)}
          />
        </Card>
      )}
      {panel?.kind === "setup" && current && (
        <Card
          title={
            panel.justSaved
              ? t("accounts.savedTitle", { name: current.name })
              : t("accounts.setupTitleNamed", { name: current.name })
          }
          actions={
            <Button type="button" variant="secondary" onClick={() => setPanel(null)} data-testid="close-setup">
              {t("accounts.done")}
            </Button>
          }
        >
          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
            <WebhookSetup
              appId={current.appId}
              mode={current.mode}
              token={{ value: panel.secrets.token, masked: current.tokenMasked }}
              encodingAesKey={{ value: panel.secrets.encodingAesKey, masked: current.encodingAesKeyMasked }}
              justSaved={panel.justSaved}
            />
            <div className="space-y-3">
              <h3 className="text-sm font-semibold text-slate-800">{t("accounts.check.title")}</h3>
              <p className="text-xs text-slate-600">{t("accounts.check.explain")}</p>
              <CheckButton state={checks[current.id]} onCheck={() => run(current.id)} />
              <CheckResult state={checks[current.id]} />
              <p className="pt-2 text-xs text-slate-600">
                {t("accounts.nextStep")}{" "}
                <Link href="/codes/new" className="font-medium text-emerald-700 underline-offset-2 hover:underline">
                  {t("accounts.nextStepLink")}
                </Link>
              </p>
            </div>
          </div>
        </Card>
      )}

      <AdminList
        query={{ isLoading, error, mutate }}
        count={accounts.length}
        empty={{ title: t("accounts.empty"), hint: t("accounts.emptyHint"), action: panel ? undefined : addButton }}
        testId="accounts-table"
        columns={[t("accounts.col.name"), "AppID", t("accounts.col.mode"), t("accounts.col.timeZone"), t("accounts.col.apiBase")]}
        actionsLabel={t("accounts.col.actions")}
      >
        {accounts.map((account) => (
          <AccountRow
            key={account.id}
            account={account}
            defaultApiBase={defaultApiBase}
            selected={panel !== null && panel.kind !== "create" && panel.accountId === account.id}
            onEdit={() => setPanel({ kind: "edit", accountId: account.id })}
            onSetup={() => setPanel({ kind: "setup", accountId: account.id, secrets: {}, justSaved: false })}
            check={checks[account.id]}
            onCheck={() => run(account.id)}
            showResult={!(panel?.kind === "setup" && panel.accountId === account.id)}
          />
        ))}
      </AdminList>
    </div>
  );
}

function AccountRow({
  account,
  defaultApiBase,
  selected,
  onEdit,
  onSetup,
  check,
  onCheck,
  showResult,
}: {
  account: AccountSummary;
  defaultApiBase: string | null;
  selected: boolean;
  onEdit: () => void;
  onSetup: () => void;
  check: Parameters<typeof CheckResult>[0]["state"];
  onCheck: () => void;
  showResult: boolean;
}) {
  const t = useT();
  const usesSandbox = account.sandbox || (!account.apiBase && !defaultApiBase);
  return (
    <>
      <tr className={selected ? "bg-emerald-50/40" : undefined} data-testid="account-row" data-app-id={account.appId}>
        <td className="min-w-[10rem] px-4 py-3 align-top">
          <div className="font-medium text-slate-900">{account.name}</div>
          {account.originalId && <div className="font-mono text-xs text-slate-500">{account.originalId}</div>}
        </td>
        <td className="px-4 py-3 align-top font-mono text-xs text-slate-700">{account.appId}</td>
        <td className="px-4 py-3 align-top">
          <Badge tone={account.mode === "plain" ? "amber" : "green"}>{t(`accounts.mode.${account.mode}.short`)}</Badge>
        </td>
        <td className="px-4 py-3 align-top text-slate-700">{account.timeZone}</td>
        <td className="px-4 py-3 align-top">
          <div className="flex flex-wrap items-center gap-1.5">
            {usesSandbox && <Badge tone="blue">{t("accounts.sandbox")}</Badge>}
            <span className="break-all text-xs text-slate-600">
              {account.sandbox
                ? t("accounts.apiBase.sandbox")
                : (account.apiBase ??
                  (defaultApiBase ? t("accounts.apiBase.env", { base: defaultApiBase }) : t("accounts.apiBase.sandbox")))}
            </span>
          </div>
        </td>
        <td className="px-4 py-3 align-top">
          <div className="flex justify-end gap-1 whitespace-nowrap">
            <Button
              type="button"
              variant="ghost"
              onClick={onEdit}
              aria-label={`${t("common.edit")} ${account.name}`}
              data-testid="edit-account"
            >
              {t("common.edit")}
            </Button>
            <Button type="button" variant="ghost" onClick={onSetup} data-testid="setup-account">
              {t("accounts.setupButton")}
            </Button>
            <CheckButton state={check} onCheck={onCheck} />
          </div>
        </td>
      </tr>
      {showResult && check && !check.busy && (
        <tr>
          <td colSpan={6} className="px-4 pb-3">
            <CheckResult state={check} />
          </td>
        </tr>
      )}
    </>
  );
}
