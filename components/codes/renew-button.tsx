"use client";
import { useState } from "react";
import { Button } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { renewQrCode } from "./data";
import type { QrCode } from "./format";

/** Asks WeChat for a new ticket for the same scene; the reply and statistics stay with the code. */
export function RenewButton({
  code,
  expireSeconds,
  onRenewed,
  size = "small",
  label,
  testId = `renew-${code.id}`,
}: {
  code: QrCode;
  expireSeconds?: number;
  onRenewed: (code: QrCode) => void;
  size?: "small" | "normal";
  label?: string;
  testId?: string;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function renew() {
    setBusy(true);
    setError(null);
    try {
      const renewed = await renewQrCode(code.id, expireSeconds);
      onRenewed(renewed);
    } catch (e) {
      setError(errorMessage(t, "codes", e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <Button
        type="button"
        variant="secondary"
        className={size === "small" ? "px-2 py-1 text-xs" : ""}
        onClick={renew}
        disabled={busy}
        data-testid={testId}
        title={t("codes.renew.hint")}
      >
        {busy ? t("codes.renew.busy") : (label ?? t("codes.renew.action"))}
      </Button>
      {error && (
        <span className="max-w-56 text-xs text-rose-600" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
