"use client";
import { useRouter } from "next/navigation";
import { setLocaleCookie, useLocale, useT } from "@/lib/i18n/client";

export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  return (
    <button
      type="button"
      data-testid="language-switch"
      className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
      onClick={() => {
        setLocaleCookie(locale === "zh" ? "en" : "zh");
        router.refresh();
      }}
    >
      {t("lang.switch")}
    </button>
  );
}
