"use client";
import { Field, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";

export type LiveValues = { on: boolean; slug: string; perVisitor: boolean };
export const NO_LIVE: LiveValues = { on: false, slug: "", perVisitor: false };

/** `live` of a create body; a live code is a temporary code whose lifetime Qudao manages. */
export function liveBody(values: LiveValues) {
  if (!values.on) return {};
  return {
    kind: "temporary" as const,
    live: { ...(values.slug.trim() ? { slug: values.slug.trim() } : {}), perVisitor: values.perVisitor },
  };
}

/** The "live code / 活码" option of the create form. */
export function LiveFields({
  values,
  onChange,
  error,
  onBlur,
}: {
  values: LiveValues;
  onChange: (values: LiveValues) => void;
  error?: string;
  onBlur?: () => void;
}) {
  const t = useT();
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="live-fields">
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          id="live"
          className="mt-0.5 h-4 w-4 accent-emerald-600"
          checked={values.on}
          onChange={(e) => onChange({ ...values, on: e.target.checked })}
        />
        <span>
          <span className="font-medium text-slate-800">{t("live.field.live")}</span>
          <span className="block text-xs text-slate-500">{t("live.field.liveHint")}</span>
        </span>
      </label>
      {values.on && (
        <div className="grid gap-3 md:grid-cols-2">
          <Field id="live-slug" label={t("live.field.slug")} error={error} hint={t("live.field.slugHint")}>
            <div className="flex items-center gap-1">
              <span className="font-mono text-sm text-slate-500">/q/</span>
              <TextInput
                id="live-slug"
                value={values.slug}
                onChange={(e) => onChange({ ...values, slug: e.target.value })}
                onBlur={onBlur}
                aria-invalid={Boolean(error)}
                aria-describedby={error ? "live-slug-error" : undefined}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
          </Field>
          <label className="flex items-start gap-2 text-sm md:pt-6">
            <input
              type="checkbox"
              id="live-per-visitor"
              className="mt-0.5 h-4 w-4 accent-emerald-600"
              checked={values.perVisitor}
              onChange={(e) => onChange({ ...values, perVisitor: e.target.checked })}
            />
            <span>
              <span className="font-medium text-slate-800">{t("live.field.perVisitor")}</span>
              <span className="block text-xs text-slate-500">{t("live.field.perVisitorHint")}</span>
            </span>
          </label>
        </div>
      )}
    </fieldset>
  );
}
