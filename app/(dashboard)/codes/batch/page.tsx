import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { PageHeader } from "@/components/ui";
import { BatchForm } from "@/components/codes/batch-form";
import { ARCHIVE_LIMITS } from "@/lib/limits";

export default async function BatchPage() {
  await requirePermission("qrcodes:write");
  const t = await getT();
  return (
    <>
      <PageHeader title={t("codes.batch.title")} description={t("codes.batch.description", { max: ARCHIVE_LIMITS.maxCodes })} />
      <BatchForm />
    </>
  );
}
