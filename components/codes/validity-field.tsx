"use client";
import { Field, Select, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { QR_RULES } from "@/lib/wechat/limits";
import { humanDuration, VALIDITY_PRESETS, validityToInput, type Validity } from "./format";

/** Expiry presets (1 day … 30 days, permanent) and custom seconds; permanent makes the code permanent. */
export function ValidityField({
  id,
  value,
  onChange,
  error,
  onBlur,
}: {
  id: string;
  value: Validity;
  onChange: (v: Validity) => void;
  error?: string;
  onBlur?: () => void;
}) {
  const t = useT();
  const seconds = validityToInput(value).expireSeconds;
  const hint =
    value.preset === "permanent"
      ? t("codes.validity.permanentHint")
      : value.preset === "custom"
        ? seconds && Number.isFinite(seconds)
          ? `= ${humanDuration(seconds, t)}`
          : t("codes.validity.customHint", { min: QR_RULES.expireSeconds.min, max: QR_RULES.expireSeconds.max })
        : t("codes.validity.temporaryHint");
  return (
    <Field id={value.preset === "custom" ? `${id}-seconds` : id} label={t("codes.field.validity")} error={error} hint={hint}>
      <div className="flex gap-2">
        <Select
          id={id}
          value={value.preset}
          onChange={(e) => onChange({ ...value, preset: e.target.value as Validity["preset"] })}
          aria-label={t("codes.field.validity")}
          className="max-w-72"
        >
          {VALIDITY_PRESETS.map((p) => (
            <option key={p.key} value={p.key}>
              {t(`codes.validity.${p.key}`)}
            </option>
          ))}
        </Select>
        {value.preset === "custom" && (
          <TextInput
            id={`${id}-seconds`}
            inputMode="numeric"
            placeholder={t("codes.validity.secondsPlaceholder")}
            value={value.customSeconds}
            onChange={(e) => onChange({ ...value, customSeconds: e.target.value })}
            onBlur={onBlur}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${id}-seconds-error` : undefined}
            className="max-w-40"
          />
        )}
      </div>
    </Field>
  );
}
