import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { PageHeader } from "@/components/ui";
import { StatsView } from "@/components/stats/stats-view";

export default async function StatsPage() {
  await requirePermission("stats:read");
  const t = await getT();
  return (
    <>
      <PageHeader title={t("stats.title")} description={t("stats.description")} />
      <Suspense>
        <StatsView />
      </Suspense>
    </>
  );
}
