"use client";
import { useState } from "react";
import { useT } from "@/lib/i18n/client";
import { Button, Field, TextInput } from "@/components/ui";
import { MAX_RANGE_DAYS, RANGE_MESSAGES, dateRange } from "@/lib/validation/stats";
import { CALENDAR } from "@/lib/limits";
import { PRESETS, type DayRange, type Preset } from "./dates";

type Errors = { from?: string; to?: string };

/** The API's validation of a range, in the reader's language. */
function rangeErrors(input: DayRange, t: ReturnType<typeof useT>): Errors {
  const result = dateRange.safeParse(input);
  if (result.success) return {};
  const errors: Errors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] === "from" ? "from" : "to";
    if (errors[field]) continue;
    if (issue.message === RANGE_MESSAGES.order) errors[field] = t("stats.custom.order");
    else if (issue.message === RANGE_MESSAGES.tooLong) errors[field] = t("stats.custom.tooLong", { days: MAX_RANGE_DAYS });
    else if (issue.message === RANGE_MESSAGES.calendar)
      errors[field] = t("stats.custom.calendar", { first: CALENDAR.firstDay, last: CALENDAR.lastDay });
    else errors[field] = t("stats.custom.invalidDate");
  }
  return errors;
}

export function RangePicker({
  preset,
  range,
  onPreset,
  onCustom,
}: {
  preset: Preset | undefined;
  range: DayRange;
  onPreset: (preset: Preset) => void;
  onCustom: (range: DayRange) => void;
}) {
  const t = useT();
  const [open, setOpen] = useState(preset === undefined);
  const [draft, setDraft] = useState<DayRange>(range);
  const [errors, setErrors] = useState<Errors>({});
  const [tried, setTried] = useState(false);

  const update = (field: keyof DayRange, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    if (tried) setErrors(rangeErrors(next, t));
  };
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    const found = rangeErrors(draft, t);
    setErrors(found);
    if (!found.from && !found.to) onCustom(draft);
  };
  const pill = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 ${
      active ? "bg-emerald-600 text-white" : "text-slate-700 hover:bg-slate-100"
    }`;

  return (
    <div className="flex flex-col gap-3">
      <div
        role="group"
        aria-label={t("stats.range")}
        className="flex flex-wrap gap-1 rounded-lg border border-slate-200 bg-white p-1"
        data-testid="range-presets"
      >
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={preset === p}
            className={pill(preset === p)}
            onClick={() => {
              setOpen(false);
              setErrors({});
              setTried(false);
              onPreset(p);
            }}
          >
            {t(`stats.preset.${p}`)}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={preset === undefined}
          aria-expanded={open}
          className={pill(preset === undefined)}
          onClick={() => {
            setDraft(range);
            setOpen((o) => !o);
          }}
        >
          {t("stats.preset.custom")}
        </button>
      </div>
      {open && (
        <form onSubmit={apply} noValidate className="flex flex-wrap items-start gap-3" data-testid="custom-range">
          <Field id="stats-from" label={t("stats.custom.from")} error={errors.from}>
            <TextInput
              id="stats-from"
              type="date"
              value={draft.from}
              onChange={(e) => update("from", e.target.value)}
              aria-invalid={Boolean(errors.from)}
              aria-describedby={errors.from ? "stats-from-error" : undefined}
            />
          </Field>
          <Field id="stats-to" label={t("stats.custom.to")} error={errors.to}>
            <TextInput
              id="stats-to"
              type="date"
              value={draft.to}
              onChange={(e) => update("to", e.target.value)}
              aria-invalid={Boolean(errors.to)}
              aria-describedby={errors.to ? "stats-to-error" : undefined}
            />
          </Field>
          <Button type="submit" variant="secondary" className="mt-6">
            {t("stats.custom.apply")}
          </Button>
        </form>
      )}
    </div>
  );
}
