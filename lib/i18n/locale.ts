import type { MessageKey, Messages } from "./messages";

export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "qudao-lang";

/** The remembered choice, else Chinese when the browser prefers it, else English. */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (cookie === "zh" || cookie === "en") return cookie;
  const first = (acceptLanguage ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : first === "" || first.startsWith("zh") ? "zh" : "en";
}

export function translate(dictionary: Record<string, string>, key: string, vars?: Record<string, string | number>): string {
  const text = dictionary[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export type TextVars = Record<string, string | number>;

/**
 * `t("codes.title", { n: 3 })` takes only keys the dictionaries have. A key built at run time
 * (`${area}.error.${code}`) is asked with `t.has(key)` first, which narrows it to a MessageKey.
 */
export type Translate = ((key: MessageKey, vars?: TextVars) => string) & { has: (key: string) => key is MessageKey };

export function translator(dictionary: Messages): Translate {
  const t = (key: MessageKey, vars?: TextVars) => translate(dictionary, key, vars);
  return Object.assign(t, { has: (key: string): key is MessageKey => Object.hasOwn(dictionary, key) });
}
