"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { describeError, type ErrorArea, type FieldErrors } from "@/lib/client/errors";
import { focusFirstError } from "./form-errors";

/**
 * The plumbing the admin forms share: field errors, a form-level error, whether it was submitted
 * once, the busy flag, and a submit that shows the form's own findings (focusing the first) or
 * else sends, putting an API refusal on its field where the form says so and above the buttons otherwise.
 */
export function useAdminForm(area: ErrorArea, { focusRefused = true }: { focusRefused?: boolean } = {}) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  /** The form's submit handler: `found` is its own check; `onField` gives the errors to show for a refusal of `field`, or undefined to show it above the buttons. */
  async function submitWith(
    event: React.FormEvent,
    found: FieldErrors,
    send: () => Promise<void>,
    onField: (field: string, message: string) => FieldErrors | undefined,
  ) {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstError(formRef.current, found);
    setBusy(true);
    try {
      await send();
    } catch (error) {
      const { field, message } = describeError(t, area, error);
      const next = field ? onField(field, message) : undefined;
      if (next) {
        setErrors(next);
        if (focusRefused) focusFirstError(formRef.current, next);
      } else setFormError(message);
    } finally {
      setBusy(false);
    }
  }

  return { formRef, errors, setErrors, submitted, busy, formError, submitWith };
}

/** id, name and the accessibility wiring of a control shown in a `Field` with id `${prefix}-${field}`. */
export function controlProps(prefix: string, field: string, errors: FieldErrors) {
  return {
    id: `${prefix}-${field}`,
    name: field,
    "aria-invalid": Boolean(errors[field]),
    "aria-describedby": errors[field] ? `${prefix}-${field}-error` : undefined,
  };
}

/** A problem in red, announced (a form's refusal, a failed action). */
export function FormAlert({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <p className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}

/** Submit (showing "loading" while busy) and cancel. */
export function FormActions({
  submitLabel,
  submitTestId,
  busy,
  onCancel,
  className = "flex gap-2",
}: {
  submitLabel: string;
  submitTestId: string;
  busy: boolean;
  onCancel: () => void;
  className?: string;
}) {
  const t = useT();
  return (
    <div className={className}>
      <Button type="submit" disabled={busy} data-testid={submitTestId}>
        {busy ? t("common.loading") : submitLabel}
      </Button>
      <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>
        {t("common.cancel")}
      </Button>
    </div>
  );
}

/** The button beside an input that fills it with a generated value. */
export function GenerateButton({ label, onGenerate, testId }: { label: string; onGenerate: () => void; testId: string }) {
  return (
    <Button type="button" variant="secondary" className="shrink-0" onClick={onGenerate} data-testid={testId}>
      {label}
    </Button>
  );
}
