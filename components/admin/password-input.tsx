"use client";
import { TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { generatePassword } from "@/lib/access/generate-password";
import { GenerateButton } from "./admin-form";
import { CopyButton } from "./copy-button";

/** A new password: typed, or generated (then shown in clear with a copy button, to hand over). */
export function PasswordInput({
  id,
  value,
  onChange,
  onBlur,
  invalid,
  generated,
  onGenerated,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  invalid: boolean;
  generated: boolean;
  onGenerated: (value: string) => void;
}) {
  const t = useT();
  return (
    <div className="flex gap-2">
      <TextInput
        id={id}
        name="password"
        type={generated ? "text" : "password"}
        autoComplete="new-password"
        spellCheck={false}
        className="font-mono"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
      />
      <GenerateButton label={t("users.generate")} onGenerate={() => onGenerated(generatePassword())} testId="generate-password" />
      {generated && value && <CopyButton text={value} />}
    </div>
  );
}
