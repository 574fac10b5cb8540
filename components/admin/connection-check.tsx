"use client";
import { useState } from "react";
import { Button } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { ConnectionCheck } from "@/lib/accounts/check-connection";
import { FormAlert } from "./admin-form";
import { checkConnection } from "./data";

export type CheckState = { busy: true } | { busy: false; result: ConnectionCheck } | { busy: false; error: string };

/** POST /api/accounts/{id}/check, keeping the latest outcome per account for the caller to show. */
export function useConnectionChecks() {
  const t = useT();
  const [checks, setChecks] = useState<Record<number, CheckState>>({});
  async function run(accountId: number) {
    setChecks((all) => ({ ...all, [accountId]: { busy: true } }));
    let next: CheckState;
    try {
      next = { busy: false, result: await checkConnection(accountId) };
    } catch (error) {
      next = { busy: false, error: errorMessage(t, "accounts", error) };
    }
    setChecks((all) => ({ ...all, [accountId]: next }));
  }
  return { checks, run };
}

export function CheckButton({ state, onCheck }: { state?: CheckState; onCheck: () => void }) {
  const t = useT();
  const busy = state?.busy === true;
  return (
    <Button type="button" variant="secondary" onClick={onCheck} disabled={busy} data-testid="check-connection">
      {busy ? t("accounts.check.running") : t("accounts.check.button")}
    </Button>
  );
}

/** The outcome in plain words, in the page's language; WeChat's own errcode stays visible for support. */
export function CheckResult({ state }: { state?: CheckState }) {
  const t = useT();
  if (!state || state.busy) return null;
  if ("error" in state) return <FormAlert testId="check-result">{state.error}</FormAlert>;
  const { result } = state;
  if (result.ok) {
    return (
      <p
        className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        role="status"
        data-testid="check-result"
        data-ok="true"
      >
        ✓ {t("accounts.check.ok", { appId: result.appId })}
      </p>
    );
  }
  const vars = { ip: result.ip ?? "?", errcode: result.errcode, errmsg: result.errmsg, message: result.message };
  const text =
    result.problem === "ip_not_whitelisted" && !result.ip
      ? t("accounts.check.ip_unknown", vars)
      : t(`accounts.check.${result.problem}`, vars);
  return (
    <div
      className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800"
      role="alert"
      data-testid="check-result"
      data-ok="false"
    >
      <p className="font-medium">{text}</p>
      <p className="mt-1 font-mono text-xs text-rose-700">
        errcode {result.errcode}
        {result.errmsg ? `: ${result.errmsg}` : ""}
      </p>
    </div>
  );
}
