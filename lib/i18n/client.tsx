"use client";
import { createContext, useContext, useMemo } from "react";
import { LOCALE_COOKIE, translator, type Locale, type Translate } from "./locale";
import { messages } from "./messages";

const LocaleContext = createContext<Locale>("zh");

export function I18nProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** `const t = useT(); t("codes.title", { n: 3 })` */
export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(messages[locale]), [locale]);
}

export function setLocaleCookie(locale: Locale) {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and older Safari
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
}
