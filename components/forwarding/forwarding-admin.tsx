"use client";
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, Field, Loading, PageHeader, Select, TextInput } from "@/components/ui";
import { FormActions, FormAlert, controlProps, useAdminForm } from "@/components/admin/admin-form";
import { ConfirmButton } from "@/components/admin/confirm-button";
import { CopyableValue } from "@/components/admin/copy-button";
import { zodFieldErrors } from "@/components/admin/form-errors";
import { useFormatDate } from "@/components/admin/format";
import { useAccounts, useChannels } from "@/components/codes/data";
import { errorMessage } from "@/lib/client/errors";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import type { ForwardEndpointView, NewForwardEndpointView } from "@/lib/db/forward-endpoints";
import { FORWARD_RULES } from "@/lib/limits";
import { createEndpointSchema } from "@/lib/validation/forwarding";
import { createEndpoint, deleteEndpoint, sendTestEvent, updateEndpoint, useDeliveries, useEndpoints } from "./data";

type Notice = { tone: "ok" | "error"; text: string };

/** /forwarding: outbound webhooks. A new endpoint's secret is shown once, here; each endpoint has its delivery log. */
export function ForwardingAdmin() {
  const t = useT();
  const { data, error, isLoading, mutate } = useEndpoints();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<NewForwardEndpointView | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const canWrite = useCan("forwarding:write");
  const endpoints = data?.items ?? [];

  const addButton = canWrite ? (
    <Button
      type="button"
      onClick={() => {
        setAdding(true);
        setCreated(null);
      }}
      data-testid="add-endpoint"
    >
      {t("forwarding.add")}
    </Button>
  ) : undefined;

  const act = async (action: () => Promise<unknown>, ok?: string) => {
    setNotice(null);
    try {
      await action();
      if (ok) setNotice({ tone: "ok", text: ok });
    } catch (err) {
      setNotice({ tone: "error", text: errorMessage(t, "forwarding", err) });
    }
    await mutate();
  };

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("forwarding.title")}
        description={t("forwarding.description")}
        actions={adding || endpoints.length === 0 ? undefined : addButton}
      />
      {adding && (
        <Card title={t("forwarding.addTitle")}>
          <EndpointForm
            onCancel={() => setAdding(false)}
            onCreated={async (result) => {
              setAdding(false);
              setCreated(result);
              await mutate();
            }}
          />
        </Card>
      )}
      {created && <NewSecret created={created} onDone={() => setCreated(null)} />}
      {notice && (
        <p
          role={notice.tone === "ok" ? "status" : "alert"}
          data-testid="forwarding-notice"
          className={`rounded-md border px-4 py-3 text-sm ${notice.tone === "ok" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-rose-200 bg-rose-50 text-rose-800"}`}
        >
          {notice.text}
        </p>
      )}
      {isLoading ? (
        <Loading />
      ) : error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : endpoints.length === 0 ? (
        <EmptyState title={t("forwarding.empty")} hint={t("forwarding.emptyHint")} action={adding ? undefined : addButton} />
      ) : (
        <ul className="space-y-3" data-testid="endpoints">
          {endpoints.map((endpoint) => (
            <EndpointItem
              key={endpoint.id}
              endpoint={endpoint}
              canWrite={canWrite}
              onToggle={() => act(() => updateEndpoint(endpoint.id, { enabled: !endpoint.enabled }))}
              onTest={() => act(() => sendTestEvent(endpoint.id), t("forwarding.testQueued"))}
              onDelete={() => act(() => deleteEndpoint(endpoint.id))}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function FilterSummary({ endpoint }: { endpoint: ForwardEndpointView }) {
  const t = useT();
  const accounts = useAccounts().data?.items ?? [];
  if (endpoint.accountId === null) return <>{t("forwarding.filter.all")}</>;
  const account = accounts.find((a) => a.id === endpoint.accountId)?.name ?? `#${endpoint.accountId}`;
  if (endpoint.channelIds.length === 0 && endpoint.qrCodeIds.length === 0)
    return <>{t("forwarding.filter.account", { account })}</>;
  return <>{t("forwarding.filter.some", { account, channels: endpoint.channelIds.length, codes: endpoint.qrCodeIds.length })}</>;
}

function EndpointItem({
  endpoint,
  canWrite,
  onToggle,
  onTest,
  onDelete,
}: {
  endpoint: ForwardEndpointView;
  canWrite: boolean;
  onToggle: () => Promise<void>;
  onTest: () => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const t = useT();
  const [showLog, setShowLog] = useState(false);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="endpoint" data-url={endpoint.url}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <p className="break-all font-mono text-sm text-slate-900">{endpoint.url}</p>
          {endpoint.description && <p className="text-sm text-slate-600">{endpoint.description}</p>}
          <p className="mt-1 text-xs text-slate-500">
            <FilterSummary endpoint={endpoint} />
          </p>
        </div>
        <Badge tone={endpoint.enabled ? "green" : "slate"}>
          {t(endpoint.enabled ? "forwarding.enabled" : "forwarding.disabled")}
        </Badge>
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() => setShowLog(!showLog)}
          data-testid="toggle-log"
          aria-expanded={showLog}
        >
          {t(showLog ? "forwarding.hideLog" : "forwarding.showLog")}
        </Button>
        {canWrite && (
          <>
            <Button type="button" variant="secondary" onClick={onTest} data-testid="send-test">
              {t("forwarding.sendTest")}
            </Button>
            <Button type="button" variant="secondary" onClick={onToggle} data-testid="toggle-endpoint">
              {t(endpoint.enabled ? "forwarding.disable" : "forwarding.enable")}
            </Button>
            <ConfirmButton
              label={t("forwarding.delete")}
              question={t("forwarding.deleteConfirm", { url: endpoint.url })}
              confirmLabel={t("forwarding.deleteYes")}
              onConfirm={onDelete}
              testId="delete-endpoint"
            />
          </>
        )}
      </div>
      {showLog && <DeliveryLog endpointId={endpoint.id} />}
    </li>
  );
}

function DeliveryLog({ endpointId }: { endpointId: number }) {
  const t = useT();
  const formatDate = useFormatDate();
  const log = useDeliveries(endpointId);
  const items = log.data?.items ?? [];
  return (
    <div className="mt-3 border-t border-slate-100 pt-3">
      <h3 className="mb-2 text-sm font-semibold text-slate-700">{t("forwarding.log.title")}</h3>
      {log.error && !log.data ? (
        <ErrorState error={log.error} onRetry={() => log.mutate()} />
      ) : !log.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t("forwarding.log.empty")} />
      ) : (
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="delivery-log">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                {(["when", "event", "status", "attempt", "duration"] as const).map((c) => (
                  <th key={c} className="px-2 py-1 font-medium">
                    {t(`forwarding.log.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((d) => (
                <tr key={d.id} data-testid="delivery" data-delivered={d.delivered} data-type={d.type}>
                  <td className="px-2 py-1 align-top whitespace-nowrap text-slate-600">{formatDate(d.at)}</td>
                  <td className="px-2 py-1 align-top">
                    <span className="inline-block max-w-[8rem] truncate align-bottom font-mono text-xs" title={d.payloadId}>
                      {d.payloadId}
                    </span>{" "}
                    <Badge>{d.type}</Badge>
                  </td>
                  <td className="px-2 py-1 align-top">
                    <Badge tone={d.delivered ? "green" : "rose"}>
                      {t(d.delivered ? "forwarding.log.delivered" : "forwarding.log.failed")}
                      {d.httpStatus !== null && ` · HTTP ${d.httpStatus}`}
                    </Badge>
                    {d.error && <p className="mt-1 text-xs text-rose-700 break-all">{d.error}</p>}
                    {d.nextRetryAt && (
                      <p className="text-xs text-amber-700">
                        {t("forwarding.log.nextRetry", { when: formatDate(d.nextRetryAt) })}
                      </p>
                    )}
                    {d.givenUp && <p className="text-xs text-rose-500">{t("forwarding.log.givenUp")}</p>}
                  </td>
                  <td className="px-2 py-1 align-top tabular-nums">{d.attempt}</td>
                  <td className="px-2 py-1 align-top whitespace-nowrap tabular-nums">
                    {t("forwarding.log.ms", { ms: d.durationMs })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function EndpointForm({ onCreated, onCancel }: { onCreated: (created: NewForwardEndpointView) => void; onCancel: () => void }) {
  const t = useT();
  const { formRef, errors, setErrors, busy, formError, submitWith } = useAdminForm("forwarding", { focusRefused: true });
  const accounts = useAccounts().data?.items ?? [];
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [accountId, setAccountId] = useState<number | null>(null);
  const [channelIds, setChannelIds] = useState<number[]>([]);
  const channels = useChannels(accountId ?? undefined);

  function submit(event: React.FormEvent) {
    const input = { url: url.trim(), description, accountId, channelIds };
    const parsed = createEndpointSchema.safeParse(input);
    return submitWith(
      event,
      parsed.success ? {} : zodFieldErrors(t, "forwarding", parsed.error),
      async () => onCreated(await createEndpoint(input)),
      (field, message) => (["url", "description", "accountId", "channelIds"].includes(field) ? { [field]: message } : undefined),
    );
  }

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-4"
      data-testid="endpoint-form"
      aria-label={t("forwarding.addTitle")}
    >
      <div className="grid gap-4 md:grid-cols-2">
        <Field id="endpoint-url" label={t("forwarding.field.url")} error={errors.url} hint={t("forwarding.hint.url")}>
          <TextInput
            {...controlProps("endpoint", "url", errors)}
            type="url"
            autoFocus
            autoComplete="off"
            inputMode="url"
            placeholder="https://crm.example.com/qudao"
            maxLength={FORWARD_RULES.urlMaxChars}
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              if (errors.url) setErrors({});
            }}
          />
        </Field>
        <Field id="endpoint-description" label={t("forwarding.field.description")} error={errors.description}>
          <TextInput
            {...controlProps("endpoint", "description", errors)}
            maxLength={FORWARD_RULES.descriptionMaxChars}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <Field id="endpoint-accountId" label={t("forwarding.field.account")} error={errors.accountId}>
          <Select
            {...controlProps("endpoint", "accountId", errors)}
            value={accountId ?? ""}
            onChange={(e) => {
              setAccountId(e.target.value ? Number(e.target.value) : null);
              setChannelIds([]);
            }}
          >
            <option value="">{t("forwarding.account.all")}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        {accountId !== null && (
          <fieldset className="flex flex-col gap-1" data-testid="endpoint-channels">
            <legend className="text-sm font-medium text-slate-700">{t("forwarding.field.channels")}</legend>
            {(channels.data?.items ?? []).length === 0 ? (
              <p className="text-xs text-slate-500">{t("forwarding.noChannels")}</p>
            ) : (
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {channels.data?.items.map((c) => (
                  <label key={c.id} className="flex items-center gap-1.5 text-sm">
                    <input
                      type="checkbox"
                      checked={channelIds.includes(c.id)}
                      onChange={(e) =>
                        setChannelIds(e.target.checked ? [...channelIds, c.id] : channelIds.filter((id) => id !== c.id))
                      }
                    />
                    {c.name}
                  </label>
                ))}
              </div>
            )}
            <p className="text-xs text-slate-500">{errors.channelIds ?? t("forwarding.hint.channels")}</p>
          </fieldset>
        )}
      </div>
      {formError && <FormAlert>{formError}</FormAlert>}
      <FormActions submitLabel={t("forwarding.addSubmit")} submitTestId="create-endpoint" busy={busy} onCancel={onCancel} />
    </form>
  );
}

function NewSecret({ created, onDone }: { created: NewForwardEndpointView; onDone: () => void }) {
  const t = useT();
  return (
    <section
      className="space-y-3 rounded-lg border-2 border-amber-300 bg-amber-50 p-4"
      role="alert"
      aria-labelledby="new-secret-title"
      data-testid="new-secret"
    >
      <h2 id="new-secret-title" className="break-all text-base font-semibold text-amber-900">
        {t("forwarding.createdTitle", { url: created.record.url })}
      </h2>
      <p className="text-sm text-amber-900">{t("forwarding.onceWarning")}</p>
      <CopyableValue
        value={created.secret}
        className="min-w-0 flex-1 break-all rounded border border-amber-200 bg-white px-3 py-2 font-mono text-sm text-slate-900"
        testId="new-secret-value"
        copyTestId="copy-secret"
      />
      <p className="text-xs text-amber-800">{t("forwarding.usage")}</p>
      <Button type="button" variant="secondary" onClick={onDone} data-testid="secret-done">
        {t("forwarding.savedIt")}
      </Button>
    </section>
  );
}
