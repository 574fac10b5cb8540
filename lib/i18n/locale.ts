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
