import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, pickLocale, translator, type Locale, type Translate } from "./locale";
import { messages } from "./messages";

export async function getLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return pickLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
}

/** For server components: `const t = await getT(); t("nav.codes")`. */
export async function getT(): Promise<Translate> {
  return translator(messages[await getLocale()]);
}
