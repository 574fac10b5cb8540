import type { ZodError } from "zod";
import { fieldMessage, type ErrorArea, type FieldErrors } from "@/lib/client/errors";
import type { Translate } from "@/lib/i18n/locale";

// Forms validate with the API's own zod schemas; these turn the schema's (English) messages into
// the page's language: `<area>.invalid.<field>.<variant>`, then `<area>.invalid.<field>`, then
// the schema's own words. The API's refusals are put into words by lib/client/errors.

/** The first problem of each field. */
export function zodFieldErrors(t: Translate, area: ErrorArea, error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (errors[field]) continue;
    errors[field] = fieldMessage(t, area, field, issue.message, issue.code === "custom" ? "custom" : undefined);
  }
  return errors;
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
