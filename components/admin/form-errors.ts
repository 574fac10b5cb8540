import type { ZodError } from "zod";
import { ApiError } from "@/lib/client/api";

export type FieldErrors = Partial<Record<string, string>>;
type T = (key: string, vars?: Record<string, string | number>) => string;

// Forms validate with the API's own zod schemas; these turn the schema's (English) messages into
// the page's language: `<area>.invalid.<field>.<variant>`, then `<area>.invalid.<field>`, then
// the schema's own words. API errors: `<area>.error.<code>` first.

function pick(t: T, keys: (string | undefined)[], fallback: string): string {
  for (const key of keys) if (key && t(key) !== key) return t(key);
  return fallback;
}

export function fieldMessage(t: T, area: string, field: string, message: string, variant?: string): string {
  return pick(t, [variant && `${area}.invalid.${field}.${variant}`, `${area}.invalid.${field}`], message);
}

/** The first problem of each field. */
export function zodFieldErrors(t: T, area: string, error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (errors[field]) continue;
    errors[field] = fieldMessage(t, area, field, issue.message, issue.code === "custom" ? "custom" : undefined);
  }
  return errors;
}

/** An API refusal as {field?, message} in the page's language. */
export function apiError(t: T, area: string, error: unknown): { field?: string; message: string } {
  if (!(error instanceof ApiError)) return { message: error instanceof Error ? error.message : String(error) };
  const byCode = `${area}.error.${error.code}`;
  if (t(byCode) !== byCode) return { field: error.field, message: t(byCode) };
  if (error.field) {
    const variant = /required/.test(error.message) ? "custom" : undefined;
    return { field: error.field, message: fieldMessage(t, area, error.field, error.message, variant) };
  }
  if (error.status === 403) return { message: t("common.forbidden") };
  return { message: error.message };
}

/** Moves keyboard focus to the first field with an error, in the form's order. */
export function focusFirstError(form: HTMLFormElement | null, errors: FieldErrors) {
  if (!form) return;
  for (const element of Array.from(form.elements)) {
    const name = (element as HTMLInputElement).name;
    if (name && errors[name]) {
      (element as HTMLElement).focus();
      return;
    }
  }
}
