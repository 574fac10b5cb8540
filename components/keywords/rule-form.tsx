"use client";
import { useState } from "react";
import { Button, Field, TextArea, TextInput } from "@/components/ui";
import { ReplyEditor } from "@/components/replies/reply-editor";
import { useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/messages";
import { describeError } from "@/lib/client/errors";
import { KEYWORD_LIMITS } from "@/lib/limits";
import { HHMM_PATTERN } from "@/lib/keywords/match";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import { createRule, updateRule, type KeywordRule } from "./data";

type Fields = { match: "exact" | "contains"; keywords: string; hoursOn: boolean; from: string; to: string; enabled: boolean };

const fieldsOf = (rule: KeywordRule | null): Fields => ({
  match: rule?.match ?? "exact",
  keywords: rule?.keywords.join("\n") ?? "",
  hoursOn: !!rule?.activeHours,
  from: rule?.activeHours?.from ?? "09:00",
  to: rule?.activeHours?.to ?? "18:00",
  enabled: rule?.enabled ?? true,
});

/** Keywords as typed: one per line or separated by commas (either width) or 、. */
export const splitKeywords = (text: string) =>
  text
    .split(/[\n,，、]/)
    .map((keyword) => keyword.trim())
    .filter((keyword) => keyword !== "");

type Problem = { key: MessageKey; vars?: Record<string, string | number> };

/** The same rules the API's schema states (lib/validation/keywords.ts), worded for the form. */
function problemsOf(fields: Fields): { keywords?: Problem; hours?: Problem } {
  const keywords = splitKeywords(fields.keywords);
  const problems: { keywords?: Problem; hours?: Problem } = {};
  const tooLong = keywords.find((keyword) => [...keyword.normalize("NFC")].length > KEYWORD_LIMITS.keywordChars);
  if (keywords.length === 0) problems.keywords = { key: "keywords.v.keywordsRequired" };
  else if (keywords.length > KEYWORD_LIMITS.keywordsPerRule)
    problems.keywords = { key: "keywords.v.keywordsTooMany", vars: { max: KEYWORD_LIMITS.keywordsPerRule } };
  else if (tooLong)
    problems.keywords = { key: "keywords.v.keywordTooLong", vars: { keyword: tooLong, chars: KEYWORD_LIMITS.keywordChars } };
  if (fields.hoursOn) {
    if (!HHMM_PATTERN.test(fields.from) || !HHMM_PATTERN.test(fields.to)) problems.hours = { key: "keywords.v.hoursInvalid" };
    else if (fields.from === fields.to) problems.hours = { key: "keywords.v.hoursSame" };
  }
  return problems;
}

const inputOf = (fields: Fields) => ({
  match: fields.match,
  keywords: splitKeywords(fields.keywords),
  activeHours: fields.hoursOn ? { from: fields.from, to: fields.to } : null,
  enabled: fields.enabled,
});

/**
 * A keyword rule's match, keywords, hours and enabled flag, with its reply in the replies' own editor.
 * New: the reply editor's Save creates the rule. Existing: each part saves on its own.
 */
export function RuleForm({
  accountId,
  accountName,
  timeZone,
  rule,
  onSaved,
}: {
  accountId: number;
  accountName: string;
  timeZone: string;
  rule: KeywordRule | null;
  onSaved: (rule: KeywordRule) => Promise<void> | void;
}) {
  const t = useT();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(rule));
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problems = problemsOf(fields);
  const invalid = Object.keys(problems).length > 0;
  const idBase = rule ? `rule-${rule.id}` : "rule-new";
  const change = (patch: Partial<Fields>) => {
    setFields((f) => ({ ...f, ...patch }));
    setError(null);
  };
  const shown = (problem: Problem | undefined) => (submitted && problem ? t(problem.key, problem.vars) : undefined);

  async function saveFields(event: React.FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (invalid || !rule) return;
    setBusy(true);
    try {
      await onSaved(await updateRule(rule.id, inputOf(fields)));
    } catch (e) {
      setError(describeError(t, "keywords", e).message);
    } finally {
      setBusy(false);
    }
  }

  /** The reply editor's Save: creates the rule (with the fields) or changes its reply. */
  async function saveReply(reply: ReplyInput) {
    if (!rule) {
      setSubmitted(true);
      const first = problems.keywords ?? problems.hours;
      if (first) throw new Error(t(first.key, first.vars));
    }
    try {
      await onSaved(rule ? await updateRule(rule.id, { reply }) : await createRule(accountId, { ...inputOf(fields), reply }));
    } catch (e) {
      throw new Error(describeError(t, "keywords", e).message);
    }
  }

  return (
    <div className="space-y-5">
      <form onSubmit={saveFields} noValidate className="space-y-3" data-testid={`${idBase}-fields`}>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("keywords.field.match")}</legend>
          <div className="flex flex-wrap gap-3">
            {(["exact", "contains"] as const).map((match) => (
              <label key={match} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${idBase}-match`}
                  value={match}
                  checked={fields.match === match}
                  onChange={() => change({ match })}
                />
                <span className="font-medium">{t(`keywords.match.${match}`)}</span>
                <span className="text-slate-500">{t(`keywords.match.${match}Hint`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          id={`${idBase}-keywords`}
          label={t("keywords.field.keywords")}
          error={shown(problems.keywords)}
          hint={t("keywords.hint.keywords", { max: KEYWORD_LIMITS.keywordsPerRule, chars: KEYWORD_LIMITS.keywordChars })}
        >
          <TextArea
            id={`${idBase}-keywords`}
            rows={2}
            value={fields.keywords}
            aria-invalid={!!shown(problems.keywords)}
            onChange={(e) => change({ keywords: e.target.value })}
          />
        </Field>
        <div className="space-y-2">
          <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <input type="checkbox" checked={fields.hoursOn} onChange={(e) => change({ hoursOn: e.target.checked })} />
            {t("keywords.field.hours")}
          </label>
          {fields.hoursOn && (
            <div className="flex flex-wrap items-end gap-3 pl-6">
              <Field id={`${idBase}-from`} label={t("keywords.field.from")}>
                <TextInput
                  id={`${idBase}-from`}
                  type="time"
                  value={fields.from}
                  onChange={(e) => change({ from: e.target.value })}
                  className="w-32"
                />
              </Field>
              <Field id={`${idBase}-to`} label={t("keywords.field.to")}>
                <TextInput
                  id={`${idBase}-to`}
                  type="time"
                  value={fields.to}
                  onChange={(e) => change({ to: e.target.value })}
                  className="w-32"
                />
              </Field>
              <p className="basis-full text-xs text-slate-500">{t("keywords.hint.hours", { zone: timeZone })}</p>
              {shown(problems.hours) && (
                <p className="basis-full text-xs text-rose-600" role="alert">
                  {shown(problems.hours)}
                </p>
              )}
            </div>
          )}
        </div>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" checked={fields.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
          {t("keywords.field.enabled")}
        </label>
        {error && (
          <p className="text-sm text-rose-600" role="alert">
            {error}
          </p>
        )}
        {rule ? (
          <Button type="submit" disabled={busy} data-testid={`${idBase}-save-fields`}>
            {busy ? t("keywords.saving") : t("keywords.saveRule")}
          </Button>
        ) : (
          <p className="text-sm text-slate-500">{t("keywords.createHint")}</p>
        )}
      </form>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("keywords.field.reply")}</h3>
        <ReplyEditor
          id={`${idBase}-reply`}
          accountId={accountId}
          reply={rule ? (rule.reply as ReplyInput) : null}
          accountName={accountName}
          canEdit
          emptyText={t("replies.preview.nothing")}
          onSave={saveReply}
        />
      </div>
    </div>
  );
}
