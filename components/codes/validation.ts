import type { z } from "zod";
import { createQrCodeSchema, type CreateQrCodeInput } from "@/lib/validation/qrcodes";
import { QR_RULES } from "@/lib/wechat/limits";
import type { QrInputProblem } from "@/lib/wechat/qr-input";
import type { FieldErrors } from "@/lib/client/errors";
import type { Translate } from "@/lib/i18n/locale";

type Issue = z.core.$ZodIssue;
/** What createQrCodeSchema puts in the params of an issue from WeChat's rules. */
type QrRuleParams = { rule?: QrInputProblem["rule"]; limit?: number; kind?: unknown };

const { expireSeconds } = QR_RULES;
const expireInteger = (t: Translate) => t("codes.v.expireInteger", { min: expireSeconds.min, max: expireSeconds.max });

/** A broken WeChat rule (lib/wechat's check of the scene and expiry) in the reader's language. */
function ruleMessage(field: string, { rule, limit = 0, kind }: QrRuleParams, t: Translate): string | null {
  switch (rule) {
    case "one_scene":
      return t("codes.v.oneScene");
    case "no_expiry":
      return t("codes.v.permanentNoExpiry");
    case "control_chars":
      return t("codes.v.controlChars");
    case "integer":
      return field === "expireSeconds" ? expireInteger(t) : t("codes.v.integer");
    case "too_small":
      if (field === "sceneStr") return limit <= 1 ? t("codes.v.required") : t("codes.v.minChars", { n: limit });
      return t("codes.v.min", { n: limit });
    case "too_big":
      if (field === "sceneStr") return t("codes.v.maxChars", { n: limit });
      if (field === "sceneId" && kind === "permanent") return t("codes.v.permanentSceneRange", { max: limit });
      return t("codes.v.max", { n: limit });
    default:
      return null;
  }
}

/** The API's own zod issue, in the reader's language. */
export function issueMessage(issue: Issue, t: Translate): string {
  const field = String(issue.path[0] ?? "");
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? t("codes.v.required") : t("codes.v.minChars", { n: Number(issue.minimum) });
      return t("codes.v.min", { n: Number(issue.minimum) });
    case "too_big":
      if (issue.origin === "string") return t("codes.v.maxChars", { n: Number(issue.maximum) });
      return t("codes.v.max", { n: Number(issue.maximum) });
    case "invalid_type":
      if (issue.input === undefined && issue.expected !== "number") return t("codes.v.required");
      if (issue.expected === "number" || issue.expected === "int")
        return field === "expireSeconds" ? expireInteger(t) : t("codes.v.integer");
      return issue.message;
    case "custom":
      return ruleMessage(field, (issue.params ?? {}) as QrRuleParams, t) ?? issue.message;
    default:
      return issue.message;
  }
}

/** Checks a create body with the API's schema; errors keyed by the top-level field (reply.content → reply). */
export function validateCreate(
  body: unknown,
  t: Translate,
): { ok: true; value: CreateQrCodeInput } | { ok: false; errors: FieldErrors } {
  const result = createQrCodeSchema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issueMessage(issue, t);
  }
  return { ok: false, errors };
}
