"use client";
import { useT } from "@/lib/i18n/client";
import type { MessageModeInput } from "@/lib/validation/accounts";
import { CopyableValue } from "./copy-button";
import { useOrigin, webhookUrl } from "./use-origin";
import { webhookUrlProblem } from "@/lib/wechat/server-config";

/** A secret as far as this page knows it: the value just typed or generated, else only its mask. */
export type KnownSecret = { value?: string; masked?: string | null };

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="space-y-1" data-testid={testId}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="flex items-center gap-2">{children}</dd>
    </div>
  );
}

const valueClass = "min-w-0 flex-1 break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-800";

function SecretRow({ label, secret, testId }: { label: string; secret: KnownSecret; testId: string }) {
  const t = useT();
  return (
    <Row label={label} testId={testId}>
      {secret.value ? (
        <CopyableValue value={secret.value} className={valueClass} testId={`${testId}-value`} />
      ) : secret.masked ? (
        <span className="text-xs text-slate-600">{t("accounts.setup.storedSecret", { masked: secret.masked })}</span>
      ) : (
        <span className="text-xs text-slate-400">{t("accounts.setup.notSet")}</span>
      )}
    </Row>
  );
}

/**
 * What to enter on WeChat's 设置与开发 → 基本配置 → 服务器配置 page, named as that page names it,
 * with copy buttons. Token and EncodingAESKey appear in full only while they are known here
 * (typed or generated on this screen); after that the server only ever gives their masks.
 */
export function WebhookSetup({
  appId,
  mode,
  token,
  encodingAesKey,
  justSaved,
}: {
  appId: string;
  mode: MessageModeInput;
  token: KnownSecret;
  encodingAesKey: KnownSecret;
  justSaved?: boolean;
}) {
  const t = useT();
  const origin = useOrigin();
  const url = appId && origin ? webhookUrl(origin, appId) : "";
  const shownSecret = Boolean(token.value || encodingAesKey.value);
  const problem = url ? webhookUrlProblem(url) : null;
  return (
    <aside
      className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50/50 p-4"
      aria-label={t("accounts.setup.title")}
      data-testid="webhook-setup"
    >
      <div>
        <h3 className="text-sm font-semibold text-slate-800">{t("accounts.setup.title")}</h3>
        <p className="mt-1 text-xs text-slate-600">{t("accounts.setup.where")}</p>
      </div>
      {problem && (
        <p
          className="rounded border border-amber-200 bg-amber-50 px-2 py-1.5 text-xs text-amber-900"
          role="note"
          data-testid="webhook-url-unreachable"
        >
          {t(`accounts.setup.unreachable.${problem}`, { host: new URL(url).hostname })}
        </p>
      )}
      <dl className="space-y-3">
        <Row label={t("accounts.setup.url")} testId="setup-url">
          {url ? (
            <CopyableValue value={url} className={valueClass} testId="webhook-url" copyTestId="copy-webhook-url" />
          ) : (
            <span className="text-xs text-slate-400">{t("accounts.setup.urlNeedsAppId")}</span>
          )}
        </Row>
        <SecretRow label={t("accounts.setup.token")} secret={token} testId="setup-token" />
        <SecretRow label={t("accounts.setup.aesKey")} secret={encodingAesKey} testId="setup-aes-key" />
        <Row label={t("accounts.setup.mode")} testId="setup-mode">
          <span className="text-sm font-medium text-slate-800">{t(`accounts.mode.${mode}.wechat`)}</span>
        </Row>
      </dl>
      {shownSecret && (
        <p className="rounded border border-amber-200 bg-amber-50 px-2 py-1.5 text-xs text-amber-900" role="note">
          {justSaved ? t("accounts.setup.copyNowSaved") : t("accounts.setup.copyNow")}
        </p>
      )}
      <ol className="list-decimal space-y-1 pl-4 text-xs text-slate-600">
        <li>{t("accounts.setup.step1")}</li>
        <li>{t("accounts.setup.step2")}</li>
        <li>{t("accounts.setup.step3")}</li>
      </ol>
    </aside>
  );
}
