import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { PageHeader } from "@/components/ui";
import { CreateForm } from "@/components/codes/create-form";

export default async function NewCodePage() {
  await requirePermission("qrcodes:write");
  const t = await getT();
  return (
    <>
      <PageHeader title={t("codes.new.title")} description={t("codes.new.description")} />
      <CreateForm />
    </>
  );
}
