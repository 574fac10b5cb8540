"use client";
import { useState } from "react";
import { Button } from "@/components/ui";
import { Dialog } from "@/components/replies/dialog";
import { useT } from "@/lib/i18n/client";
import { humanDuration, VALIDITY_PRESETS, validityToInput, type QrCode, type Validity } from "./format";
import { RenewButton } from "./renew-button";
import { ValidityField } from "./validity-field";
import { validateCreate } from "./validation";

/** The new lifetime of an expired temporary code (the old one unless another is chosen), then renewal on confirm. */
export function RenewForm({ code, onRenewed, testId }: { code: QrCode; onRenewed: (code: QrCode) => void; testId?: string }) {
  const t = useT();
  const sameAs = VALIDITY_PRESETS.find((p) => p.seconds === code.expireSeconds);
  const [validity, setValidity] = useState<Validity>(
    sameAs ? { preset: sameAs.key, customSeconds: "" } : { preset: "custom", customSeconds: String(code.expireSeconds ?? "") },
  );
  const input = validityToInput(validity.preset === "permanent" ? { preset: "30d", customSeconds: "" } : validity);
  const check = validateCreate({ name: "x", channel: "x", kind: "temporary", expireSeconds: input.expireSeconds }, t);
  const error = check.ok ? undefined : check.errors.expireSeconds;
  return (
    <>
      <p className="mb-3 text-sm text-slate-600">{t("codes.renew.explain")}</p>
      <div className="mb-3 [&_option[value=permanent]]:hidden">
        <ValidityField id={`renew-validity-${code.id}`} value={validity} onChange={setValidity} error={error} />
      </div>
      {!error && input.expireSeconds && (
        <RenewButton
          code={code}
          expireSeconds={input.expireSeconds}
          onRenewed={onRenewed}
          size="normal"
          label={t("codes.renew.confirm", { duration: humanDuration(input.expireSeconds, t) })}
          testId={testId}
        />
      )}
    </>
  );
}

/** The list's renew: a dialog that asks for the new lifetime before anything is sent to WeChat. */
export function RenewDialogButton({ code, onRenewed }: { code: QrCode; onRenewed: (code: QrCode) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        className="px-2 py-1 text-xs"
        onClick={() => setOpen(true)}
        data-testid={`renew-${code.id}`}
        title={t("codes.renew.hint")}
      >
        {t("codes.renew.action")}
      </Button>
      {open && (
        <Dialog title={t("codes.renew.dialogTitle", { name: code.name })} onClose={() => setOpen(false)} testId="renew-dialog">
          <div className="max-w-md whitespace-normal">
            <RenewForm
              code={code}
              testId={`renew-confirm-${code.id}`}
              onRenewed={(fresh) => {
                setOpen(false);
                onRenewed(fresh);
              }}
            />
          </div>
        </Dialog>
      )}
    </>
  );
}
