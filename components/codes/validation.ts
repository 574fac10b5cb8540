import type { z } from "zod";
import { createQrCodeSchema, LIMITS, type CreateQrCodeInput } from "@/lib/validation/qrcodes";
import type { FieldErrors } from "@/lib/client/errors";
import type { Translate } from "@/lib/i18n/locale";

type Issue = z.core.$ZodIssue;

/** The API's own zod issue, in the reader's language. */
export function issueMessage(issue: Issue, t: Translate): string {
  const field = String(issue.path[0] ?? "");
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? t("codes.v.required") : t("codes.v.minChars", { n: Number(issue.minimum) });
      return t("codes.v.min", { n: Number(issue.minimum) });
    case "too_big":
      if (issue.origin === "string") return t("codes.v.maxChars", { n: Number(issue.maximum) });
      return t("codes.v.max", { n: Number(issue.maximum) });
    case "invalid_type":
      if (issue.input === undefined && issue.expected !== "number") return t("codes.v.required");
      if (issue.expected === "number" || issue.expected === "int") return field === "expireSeconds" ? t("codes.v.expireInteger") : t("codes.v.integer");
      return issue.message;
    case "custom":
      if (field === "sceneStr" && /not both/.test(issue.message)) return t("codes.v.oneScene");
      if (field === "sceneStr") return t("codes.v.maxChars", { n: LIMITS.sceneStrMax });
      if (field === "sceneId") return t("codes.v.permanentSceneRange", { max: LIMITS.permSceneIdMax });
      if (field === "expireSeconds") return t("codes.v.permanentNoExpiry");
      return issue.message;
    default:
      return issue.message;
  }
}

/** Checks a create body with the API's schema; errors keyed by the top-level field (reply.content → reply). */
export function validateCreate(body: unknown, t: Translate): { ok: true; value: CreateQrCodeInput } | { ok: false; errors: FieldErrors } {
  const result = createQrCodeSchema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issueMessage(issue, t);
  }
  return { ok: false, errors };
}
