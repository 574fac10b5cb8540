"use client";
import { useState } from "react";
import { Badge, Button, Card, Field, PageHeader, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { Role } from "@/lib/access/roles";
import type { ApiTokenView, NewApiTokenView } from "@/lib/db/api-tokens";
import { NAME_MAX_CHARS } from "@/lib/limits";
import { createTokenSchema } from "@/lib/validation/users";
import { AdminList } from "./admin-list";
import { FormActions, FormAlert, controlProps, useAdminForm } from "./admin-form";
import { ConfirmButton } from "./confirm-button";
import { CopyableValue } from "./copy-button";
import { createApiToken, revokeApiToken, useApiTokens } from "./data";
import { zodFieldErrors } from "./form-errors";
import { useFormatDate } from "./format";
import { RoleSelect } from "./role-select";

/** /tokens: API tokens for scripts and other systems. A new token is shown once, here, and never again. */
export function TokensAdmin() {
  const t = useT();
  const { data, error, isLoading, mutate } = useApiTokens();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<NewApiTokenView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const tokens = [...(data?.items ?? [])].sort(
    (a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || b.id - a.id,
  );

  const addButton = (
    <Button
      type="button"
      onClick={() => {
        setAdding(true);
        setCreated(null);
      }}
      data-testid="add-token"
    >
      {t("tokens.add")}
    </Button>
  );

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("tokens.title")}
        description={t("tokens.description")}
        actions={adding || tokens.length === 0 ? undefined : addButton}
      />
      {adding && (
        <Card title={t("tokens.addTitle")}>
          <TokenForm
            onCancel={() => setAdding(false)}
            onCreated={async (result) => {
              setAdding(false);
              setCreated(result);
              await mutate();
            }}
          />
        </Card>
      )}
      {created && <NewToken created={created} onDone={() => setCreated(null)} />}
      {problem && <FormAlert>{problem}</FormAlert>}

      <AdminList
        query={{ isLoading, error, mutate }}
        count={tokens.length}
        empty={{ title: t("tokens.empty"), hint: t("tokens.emptyHint"), action: adding ? undefined : addButton }}
        testId="tokens-table"
        columns={[
          t("tokens.col.name"),
          t("tokens.col.role"),
          t("tokens.col.prefix"),
          t("tokens.col.created"),
          t("tokens.col.lastUsed"),
          t("tokens.col.status"),
        ]}
        actionsLabel={t("tokens.col.actions")}
      >
        {tokens.map((token) => (
          <TokenRow
            key={token.id}
            token={token}
            onRevoke={async () => {
              setProblem(null);
              try {
                await revokeApiToken(token.id);
              } catch (err) {
                setProblem(errorMessage(t, "tokens", err));
              }
              await mutate();
            }}
          />
        ))}
      </AdminList>
    </div>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiTokenView; onRevoke: () => Promise<void> }) {
  const t = useT();
  const formatDate = useFormatDate();
  const revoked = token.revokedAt !== null;
  return (
    <tr className={revoked ? "text-slate-400" : undefined} data-testid="token-row" data-name={token.name}>
      <td className={`px-4 py-3 ${revoked ? "" : "font-medium text-slate-900"}`}>{token.name}</td>
      <td className="px-4 py-3">{t(`role.${token.role}`)}</td>
      <td className="px-4 py-3 font-mono text-xs">{token.prefix}…</td>
      <td className="px-4 py-3 text-xs">{formatDate(token.createdAt)}</td>
      <td className="px-4 py-3 text-xs">{token.lastUsedAt ? formatDate(token.lastUsedAt) : t("tokens.neverUsed")}</td>
      <td className="px-4 py-3">
        {revoked ? (
          <Badge tone="slate">{t("tokens.revokedAt", { time: formatDate(token.revokedAt) })}</Badge>
        ) : (
          <Badge tone="green">{t("tokens.active")}</Badge>
        )}
      </td>
      <td className="px-4 py-3 text-right">
        {!revoked && (
          <ConfirmButton
            label={t("tokens.revoke")}
            question={t("tokens.revokeConfirm", { name: token.name })}
            confirmLabel={t("tokens.revokeYes")}
            onConfirm={onRevoke}
            testId="revoke-token"
          />
        )}
      </td>
    </tr>
  );
}

function TokenForm({ onCreated, onCancel }: { onCreated: (created: NewApiTokenView) => void; onCancel: () => void }) {
  const t = useT();
  const { formRef, errors, setErrors, busy, formError, submitWith } = useAdminForm("tokens", { focusRefused: false });
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("marketer");

  function submit(event: React.FormEvent) {
    const parsed = createTokenSchema.safeParse({ name, role });
    return submitWith(
      event,
      parsed.success ? {} : zodFieldErrors(t, "tokens", parsed.error),
      async () => onCreated(await createApiToken({ name, role })),
      (field, message) => (field === "name" || field === "role" ? { [field]: message } : undefined),
    );
  }

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-4"
      data-testid="token-form"
      aria-label={t("tokens.addTitle")}
    >
      <div className="grid gap-4 md:grid-cols-2">
        <Field id="token-name" label={t("tokens.field.name")} error={errors.name} hint={t("tokens.hint.name")}>
          <TextInput
            {...controlProps("token", "name", errors)}
            autoFocus
            autoComplete="off"
            maxLength={NAME_MAX_CHARS}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (errors.name) setErrors({});
            }}
          />
        </Field>
        <Field id="token-role" label={t("tokens.field.role")} error={errors.role} hint={t(`users.roleHint.${role}`)}>
          <RoleSelect forTokens id="token-role" name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} />
        </Field>
      </div>
      {formError && <FormAlert>{formError}</FormAlert>}
      <FormActions submitLabel={t("tokens.addSubmit")} submitTestId="create-token" busy={busy} onCancel={onCancel} />
    </form>
  );
}

function NewToken({ created, onDone }: { created: NewApiTokenView; onDone: () => void }) {
  const t = useT();
  return (
    <section
      className="space-y-3 rounded-lg border-2 border-amber-300 bg-amber-50 p-4"
      role="alert"
      aria-labelledby="new-token-title"
      data-testid="new-token"
    >
      <h2 id="new-token-title" className="text-base font-semibold text-amber-900">
        {t("tokens.createdTitle", { name: created.record.name })}
      </h2>
      <p className="text-sm text-amber-900">{t("tokens.onceWarning")}</p>
      <div className="flex items-center gap-2">
        <CopyableValue
          value={created.token}
          className="min-w-0 flex-1 break-all rounded border border-amber-200 bg-white px-3 py-2 font-mono text-sm text-slate-900"
          testId="new-token-value"
          copyTestId="copy-token"
        />
      </div>
      <p className="text-xs text-amber-800">{t("tokens.usage")}</p>
      <Button type="button" variant="secondary" onClick={onDone} data-testid="token-done">
        {t("tokens.savedIt")}
      </Button>
    </section>
  );
}
