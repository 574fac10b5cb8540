"use client";
import { useState } from "react";
import { Field, TextInput } from "@/components/ui";
import type { FieldErrors } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { UserRole } from "@/lib/access/roles";
import type { UserView } from "@/lib/db/users";
import { createUserSchema } from "@/lib/validation/users";
import { FormActions, FormAlert, controlProps, useAdminForm } from "./admin-form";
import { createUser } from "./data";
import { zodFieldErrors } from "./form-errors";
import { PasswordInput } from "./password-input";
import { RoleSelect } from "./role-select";

type Values = { email: string; name: string; role: UserRole; password: string };
const EMPTY: Values = { email: "", name: "", role: "marketer", password: "" };

/** Adds a user; the initial password is typed or generated and handed over by the admin. */
export function UserForm({
  onCreated,
  onCancel,
}: {
  onCreated: (user: UserView, password: string | null) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { formRef, errors, setErrors, submitted, busy, formError, submitWith } = useAdminForm("users");
  const [values, setValues] = useState<Values>(EMPTY);
  const [generated, setGenerated] = useState(false);

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

  async function create() {
    const user = await createUser(values);
    onCreated(user, generated ? values.password : null);
  }

  const submit = (event: React.FormEvent) =>
    submitWith(event, validate(values), create, (field, message) => (field in values ? { [field]: message } : undefined));

  const common = (field: keyof Values) => ({ ...controlProps("user", field, errors), onBlur: () => blur(field) });

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-4"
      data-testid="user-form"
      aria-label={t("users.addTitle")}
    >
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Field id="user-email" label={t("users.field.email")} error={errors.email}>
          <TextInput
            {...common("email")}
            type="email"
            autoComplete="off"
            autoFocus
            value={values.email}
            onChange={(e) => set("email", e.target.value)}
          />
        </Field>
        <Field id="user-name" label={t("users.field.name")} error={errors.name} hint={t("users.hint.name")}>
          <TextInput {...common("name")} autoComplete="off" value={values.name} onChange={(e) => set("name", e.target.value)} />
        </Field>
        <Field id="user-role" label={t("users.field.role")} error={errors.role} hint={t(`users.roleHint.${values.role}`)}>
          <RoleSelect {...common("role")} value={values.role} onChange={(e) => set("role", e.target.value as UserRole)} />
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
      {formError && <FormAlert>{formError}</FormAlert>}
      <FormActions submitLabel={t("users.addSubmit")} submitTestId="create-user" busy={busy} onCancel={onCancel} />
    </form>
  );
}
