import { getT } from "@/lib/i18n/server";

export default async function Forbidden() {
  const t = await getT();
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-amber-900" data-testid="forbidden">
      {t("common.forbidden")}
    </div>
  );
}
