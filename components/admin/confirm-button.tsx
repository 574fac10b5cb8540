"use client";
import { useState } from "react";
import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n/client";

/**
 * A destructive action that asks first, inline (no browser dialog): the button turns into
 * "question? [confirm] [cancel]", keyboard focus moves to cancel, Escape backs out.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  disabledReason,
  testId,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  disabled?: boolean;
  disabledReason?: string;
  testId?: string;
}) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <Button
        type="button"
        variant="ghost"
        className="text-rose-700"
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        onClick={() => setAsking(true)}
        data-testid={testId}
      >
        {label}
      </Button>
    );
  }

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <span
      className="inline-flex flex-wrap items-center gap-1"
      role="group"
      onKeyDown={(e) => e.key === "Escape" && setAsking(false)}
    >
      <span className="text-xs text-rose-700">{question}</span>
      <Button type="button" variant="danger" disabled={busy} onClick={confirm} data-testid={testId && `${testId}-confirm`}>
        {busy ? t("common.loading") : confirmLabel}
      </Button>
      <Button autoFocus type="button" variant="secondary" disabled={busy} onClick={() => setAsking(false)}>
        {t("common.cancel")}
      </Button>
    </span>
  );
}
