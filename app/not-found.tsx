import Link from "next/link";
import { getT } from "@/lib/i18n/server";

/** Any address that leads nowhere (and notFound()): said in the reader's language, with the way home. */
export default async function NotFound() {
  const t = await getT();
  return (
    <main
      className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-4 text-center"
      data-testid="not-found"
    >
      <p className="text-5xl font-semibold text-emerald-700">404</p>
      <h1 className="text-lg font-semibold">{t("common.notFoundTitle")}</h1>
      <p className="text-sm text-slate-600">{t("common.notFoundBody")}</p>
      <Link href="/" className="rounded-md bg-emerald-600 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-700">
        {t("common.home")}
      </Link>
    </main>
  );
}
