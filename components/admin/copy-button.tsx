"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n/client";

/** Copies `text`; says so for two seconds (announced to screen readers). */
export function CopyButton({ text, label, testId }: { text: string; label?: string; testId?: string }) {
  const t = useT();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState(copyWithSelection(text) ? "copied" : "failed");
    }
  }

  return (
    <Button type="button" variant="secondary" onClick={copy} data-testid={testId} disabled={!text} className="shrink-0">
      <span aria-live="polite">
        {state === "copied" ? t("common.copied") : state === "failed" ? t("admin.copyFailed") : (label ?? t("common.copy"))}
      </span>
    </Button>
  );
}

/** A value shown in full with its copy button beside it: a secret shown only this once, a URL to paste elsewhere. */
export function CopyableValue({
  value,
  className,
  testId,
  copyTestId,
}: {
  value: string;
  className: string;
  testId?: string;
  copyTestId?: string;
}) {
  return (
    <>
      <code className={className} data-testid={testId}>
        {value}
      </code>
      <CopyButton text={value} testId={copyTestId} />
    </>
  );
}

// Without the async clipboard (plain http on another host), the old selection route still works.
function copyWithSelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
