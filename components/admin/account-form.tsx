"use client";
import { useMemo, useState } from "react";
import { Field, Select, TextInput } from "@/components/ui";
import { fieldMessage, SERVER_CONFIG_VARS, type FieldErrors } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { AccountSummary } from "@/lib/db/accounts";
import { NAME_MAX_CHARS } from "@/lib/limits";
import {
  ACCOUNT_PATTERNS,
  MESSAGE_MODES,
  createAccountSchema,
  missingAesKey,
  updateAccountSchema,
  type MessageModeInput,
} from "@/lib/validation/accounts";
import { SERVER_CONFIG_RULES } from "@/lib/wechat/limits";
import { generateEncodingAesKey, generateWeChatToken } from "@/lib/wechat/server-config";
import { FormActions, FormAlert, GenerateButton, controlProps, useAdminForm } from "./admin-form";
import { saveAccount } from "./data";
import { zodFieldErrors } from "./form-errors";
import { WebhookSetup } from "./webhook-setup";

type Values = {
  appId: string;
  name: string;
  originalId: string;
  appSecret: string;
  token: string;
  encodingAesKey: string;
  mode: MessageModeInput;
  apiBase: string;
  timeZone: string;
  sandbox: boolean;
};

/** Secrets typed on this screen, handed on so the setup panel can still show them after saving. */
export type TypedSecrets = { token?: string; encodingAesKey?: string };

function initialValues(account?: AccountSummary): Values {
  if (!account) {
    return {
      appId: "",
      name: "",
      originalId: "",
      appSecret: "",
      token: "",
      encodingAesKey: "",
      mode: "safe",
      apiBase: "",
      timeZone: "Asia/Shanghai",
      sandbox: false,
    };
  }
  return {
    appId: account.appId,
    name: account.name,
    originalId: account.originalId,
    appSecret: "",
    token: "",
    encodingAesKey: "",
    mode: account.mode,
    apiBase: account.apiBase ?? "",
    timeZone: account.timeZone,
    sandbox: account.sandbox,
  };
}

/** Only a value WeChat would accept is offered for copying. */
function validOrUndefined(value: string, pattern: RegExp): string | undefined {
  const trimmed = value.trim();
  return pattern.test(trimmed) ? trimmed : undefined;
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [
      "Asia/Shanghai",
      "Asia/Hong_Kong",
      "Asia/Taipei",
      "Asia/Singapore",
      "Asia/Tokyo",
      "Europe/London",
      "America/New_York",
      "UTC",
    ];
  }
}

/**
 * Add or edit an official account. Validates with the API's own schemas as you go; secrets are
 * write-only, so on edit an empty secret field keeps the stored value.
 */
export function AccountForm({
  account,
  defaultApiBase,
  onSaved,
  onCancel,
}: {
  account?: AccountSummary;
  defaultApiBase: string | null;
  onSaved: (account: AccountSummary, secrets: TypedSecrets) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const editing = account !== undefined;
  const { formRef, errors, setErrors, submitted, busy, formError, submitWith } = useAdminForm("accounts");
  const [values, setValues] = useState<Values>(() => initialValues(account));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const zones = useMemo(timeZones, []);

  function validate(v: Values): FieldErrors {
    const parsed = (editing ? updateAccountSchema : createAccountSchema).safeParse(payloadOf(v));
    const found = parsed.success ? {} : zodFieldErrors(t, "accounts", parsed.error);
    if (editing && !found.encodingAesKey) {
      const missing = missingAesKey(v.mode, v.encodingAesKey.trim() || undefined, Boolean(account.encodingAesKeyMasked));
      if (missing) found.encodingAesKey = fieldMessage(t, "accounts", "encodingAesKey", missing, "custom");
    }
    return found;
  }

  function payloadOf(v: Values) {
    const { appId, ...rest } = v;
    return editing ? rest : { appId, ...rest };
  }

  function shown(all: FieldErrors, v: Record<string, boolean>): FieldErrors {
    if (submitted) return all;
    return Object.fromEntries(Object.entries(all).filter(([field]) => v[field]));
  }

  function set<K extends keyof Values>(field: K, value: Values[K]) {
    const next = { ...values, [field]: value };
    setValues(next);
    if (submitted || touched[field]) setErrors(shown(validate(next), touched));
  }

  function blur(field: keyof Values) {
    const nextTouched = { ...touched, [field]: true };
    setTouched(nextTouched);
    setErrors(shown(validate(values), nextTouched));
  }

  async function save() {
    const saved = await saveAccount(account?.id, payloadOf(values));
    onSaved(saved, { token: values.token.trim() || undefined, encodingAesKey: values.encodingAesKey.trim() || undefined });
  }

  const submit = (event: React.FormEvent) =>
    submitWith(event, validate(values), save, (field, message) =>
      field in values ? { ...errors, [field]: message } : undefined,
    );

  const input = (field: keyof Values) => ({
    ...controlProps("account", field, errors),
    value: String(values[field]),
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => set(field, e.target.value as never),
    onBlur: () => blur(field),
  });
  const keepHint = (masked: string | null | undefined) => (editing && masked ? t("accounts.keepSecret", { masked }) : undefined);
  const apiBaseHint = defaultApiBase
    ? t("accounts.hint.apiBaseEnv", { base: defaultApiBase })
    : t("accounts.hint.apiBaseSandbox");

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_360px]">
      <form
        ref={formRef}
        onSubmit={submit}
        noValidate
        className="space-y-4"
        aria-label={editing ? t("accounts.editTitle") : t("accounts.addTitle")}
        data-testid="account-form"
      >
        <div className="grid gap-4 md:grid-cols-2">
          <Field id="account-name" label={t("accounts.field.name")} error={errors.name} hint={t("accounts.hint.name")}>
            <TextInput {...input("name")} autoFocus={!editing} maxLength={NAME_MAX_CHARS} />
          </Field>
          <Field
            id="account-appId"
            label={t("accounts.field.appId")}
            error={errors.appId}
            hint={editing ? t("accounts.hint.appIdFixed") : t("accounts.hint.appId")}
          >
            <TextInput
              {...input("appId")}
              disabled={editing}
              className="font-mono"
              spellCheck={false}
              autoComplete="off"
              placeholder="wx0123456789abcdef"
            />
          </Field>
          <Field
            id="account-originalId"
            label={t("accounts.field.originalId")}
            error={errors.originalId}
            hint={t("accounts.hint.originalId")}
          >
            <TextInput
              {...input("originalId")}
              className="font-mono"
              spellCheck={false}
              autoComplete="off"
              placeholder="gh_0123456789ab"
            />
          </Field>
          <Field
            id="account-appSecret"
            label={t("accounts.field.appSecret")}
            error={errors.appSecret}
            hint={keepHint(account?.appSecretMasked) ?? t("accounts.hint.appSecret")}
          >
            <TextInput
              {...input("appSecret")}
              type="password"
              className="font-mono"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={editing ? t("accounts.keepPlaceholder") : undefined}
            />
          </Field>
          <Field
            id="account-mode"
            label={t("accounts.field.mode")}
            error={errors.mode}
            hint={t(`accounts.mode.${values.mode}.hint`)}
          >
            <Select {...input("mode")}>
              {MESSAGE_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {t(`accounts.mode.${mode}.wechat`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="account-token"
            label={t("accounts.field.token")}
            error={errors.token}
            hint={keepHint(account?.tokenMasked) ?? t("accounts.hint.token", SERVER_CONFIG_VARS.token)}
          >
            <div className="flex gap-2">
              <TextInput
                {...input("token")}
                className="font-mono"
                autoComplete="off"
                spellCheck={false}
                maxLength={SERVER_CONFIG_RULES.tokenChars.max}
                placeholder={editing ? t("accounts.keepPlaceholder") : undefined}
              />
              <GenerateButton
                label={t("accounts.generate")}
                onGenerate={() => set("token", generateWeChatToken())}
                testId="generate-token"
              />
            </div>
          </Field>
          <Field
            id="account-encodingAesKey"
            label={t("accounts.field.encodingAesKey")}
            error={errors.encodingAesKey}
            hint={
              keepHint(account?.encodingAesKeyMasked) ??
              t(values.mode === "plain" ? "accounts.hint.aesKeyPlain" : "accounts.hint.aesKey", SERVER_CONFIG_VARS.encodingAesKey)
            }
          >
            <div className="flex gap-2">
              <TextInput
                {...input("encodingAesKey")}
                className="font-mono"
                autoComplete="off"
                spellCheck={false}
                maxLength={SERVER_CONFIG_RULES.encodingAesKeyChars}
                placeholder={editing && account?.encodingAesKeyMasked ? t("accounts.keepPlaceholder") : undefined}
              />
              <GenerateButton
                label={t("accounts.generate")}
                onGenerate={() => set("encodingAesKey", generateEncodingAesKey())}
                testId="generate-aes-key"
              />
            </div>
          </Field>
          <Field
            id="account-timeZone"
            label={t("accounts.field.timeZone")}
            error={errors.timeZone}
            hint={t("accounts.hint.timeZone")}
          >
            <TextInput {...input("timeZone")} list="account-time-zones" autoComplete="off" spellCheck={false} />
          </Field>
          <datalist id="account-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <Field id="account-apiBase" label={t("accounts.field.apiBase")} error={errors.apiBase} hint={apiBaseHint}>
            <TextInput
              {...input("apiBase")}
              type="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://api.weixin.qq.com"
              disabled={values.sandbox}
            />
          </Field>
          <div className="flex items-start gap-2 pt-6">
            <input
              id="account-sandbox"
              name="sandbox"
              type="checkbox"
              className="mt-0.5 h-4 w-4 rounded border-slate-300 text-emerald-600 focus-visible:ring-2 focus-visible:ring-emerald-500"
              checked={values.sandbox}
              onChange={(e) => set("sandbox", e.target.checked)}
            />
            <label htmlFor="account-sandbox" className="text-sm text-slate-700">
              <span className="font-medium">{t("accounts.field.sandbox")}</span>
              <span className="block text-xs text-slate-500">{t("accounts.hint.sandbox")}</span>
            </label>
          </div>
        </div>
        {formError && <FormAlert>{formError}</FormAlert>}
        <FormActions
          submitLabel={editing ? t("common.save") : t("accounts.addSubmit")}
          submitTestId="save-account"
          busy={busy}
          onCancel={onCancel}
        />
      </form>
      <WebhookSetup
        appId={editing ? account.appId : ACCOUNT_PATTERNS.appId.test(values.appId.trim()) ? values.appId.trim() : ""}
        mode={values.mode}
        token={{ value: validOrUndefined(values.token, ACCOUNT_PATTERNS.token), masked: account?.tokenMasked }}
        encodingAesKey={{
          value: validOrUndefined(values.encodingAesKey, ACCOUNT_PATTERNS.encodingAesKey),
          masked: account?.encodingAesKeyMasked,
        }}
      />
    </div>
  );
}
