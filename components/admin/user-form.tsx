"use client";
import { useRef, useState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui";
import { sendJson } from "@/lib/client/api";
import { useT } from "@/lib/i18n/client";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/db/users";
import { createUserSchema } from "@/lib/validation/users";
import { apiError, focusFirstError, zodFieldErrors, type FieldErrors } from "./form-errors";
import { PasswordInput } from "./password-input";

type Values = { email: string; name: string; role: Role; password: string };
const EMPTY: Values = { email: "", name: "", role: "marketer", password: "" };

/** Adds a user; the initial password is typed or generated and handed over by the admin. */
export function UserForm({ onCreated, onCancel }: { onCreated: (user: UserSummary, password: string | null) => void; onCancel: () => void }) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(EMPTY);
  const [generated, setGenerated] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const validate = (v: Values): FieldErrors => {
    const parsed = createUserSchema.safeParse(v);
    return parsed.success ? {} : zodFieldErrors(t, "users", parsed.error);
  };

  function set<K extends keyof Values>(field: K, value: Values[K], fromGenerator = false) {
    const next = { ...values, [field]: value };
    setValues(next);
    if (field === "password") setGenerated(fromGenerator);
    if (submitted) setErrors(validate(next));
  }

  function blur(field: keyof Values) {
    if (!values[field]) return;
    const found = validate(values);
    setErrors((all) => ({ ...all, [field]: found[field] }));
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError(formRef.current, found);
    setBusy(true);
    try {
      const user = await sendJson<UserSummary>("/api/users", "POST", values);
      onCreated(user, generated ? values.password : null);
    } catch (error) {
      const { field, message } = apiError(t, "users", error);
      if (field && field in values) {
        setErrors({ [field]: message });
        focusFirstError(formRef.current, { [field]: message });
      } else setFormError(message);
    } finally {
      setBusy(false);
    }
  }

  const common = (field: keyof Values) => ({
    id: `user-${field}`,
    name: field,
    onBlur: () => blur(field),
    "aria-invalid": Boolean(errors[field]),
    "aria-describedby": errors[field] ? `user-${field}-error` : undefined,
  });

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4" data-testid="user-form" aria-label={t("users.addTitle")}>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Field id="user-email" label={t("users.field.email")} error={errors.email}>
          <TextInput {...common("email")} type="email" autoComplete="off" autoFocus value={values.email} onChange={(e) => set("email", e.target.value)} />
        </Field>
        <Field id="user-name" label={t("users.field.name")} error={errors.name} hint={t("users.hint.name")}>
          <TextInput {...common("name")} autoComplete="off" value={values.name} onChange={(e) => set("name", e.target.value)} />
        </Field>
        <Field id="user-role" label={t("users.field.role")} error={errors.role} hint={t(`users.roleHint.${values.role}`)}>
          <Select {...common("role")} value={values.role} onChange={(e) => set("role", e.target.value as Role)}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="user-password" label={t("users.field.password")} error={errors.password} hint={t("users.hint.password")}>
          <PasswordInput
            id="user-password"
            value={values.password}
            onChange={(v) => set("password", v)}
            onBlur={() => blur("password")}
            invalid={Boolean(errors.password)}
            generated={generated}
            onGenerated={(v) => set("password", v, true)}
          />
        </Field>
      </div>
      {formError && (
        <p className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" role="alert">
          {formError}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy} data-testid="create-user">
          {busy ? t("common.loading") : t("users.addSubmit")}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
