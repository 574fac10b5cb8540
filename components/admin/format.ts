"use client";
import { useCallback } from "react";
import { useLocale } from "@/lib/i18n/client";

/** Dates in the viewer's language and local time; "—" for none. */
export function useFormatDate() {
  const locale = useLocale();
  return useCallback(
    (value: string | Date | null | undefined) => {
      if (!value) return "—";
      return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(
        new Date(value),
      );
    },
    [locale],
  );
}
