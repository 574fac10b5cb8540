"use client";
import { createContext, useCallback, useContext } from "react";
import { LOCALE_COOKIE, translate, type Locale } from "./locale";
import { messages } from "./messages";

const LocaleContext = createContext<Locale>("zh");

export function I18nProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** `const t = useT(); t("codes.title", { n: 3 })` */
export function useT() {
  const locale = useLocale();
  return useCallback(
    (key: string, vars?: Record<string, string | number>) => translate(messages[locale], key, vars),
    [locale],
  );
}

export function setLocaleCookie(locale: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
}
