import Link from "next/link";
import { getT } from "@/lib/i18n/server";

export default async function Forbidden() {
  const t = await getT();
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-amber-900" data-testid="forbidden">
      <p>{t("common.forbidden")}</p>
      <Link href="/" className="mt-3 inline-block text-sm font-medium text-emerald-700 underline">
        {t("common.home")}
      </Link>
    </div>
  );
}
