import { requirePermission } from "@/lib/auth/require";
import { preRead } from "@/lib/api/pre-read";
import { singleParams } from "@/lib/api/search";
import { listQrCodesPage } from "@/lib/db/qrcodes";
import { listQrCodesQuery } from "@/lib/validation/qrcodes";
import { ApiFallback } from "@/lib/client/api-fallback";
import { CodesList } from "@/components/codes/codes-list";
import { listPath, listQueryOf, type ListParams } from "@/components/codes/list-query";

/** The list comes with its first page, read here as GET /api/qrcodes answers it. */
export default async function CodesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("qrcodes:read");
  const initial: ListParams = singleParams(await searchParams);
  const fallback = await preRead(listPath(listQueryOf(initial)), listQrCodesQuery, listQrCodesPage);
  return (
    <ApiFallback fallback={fallback}>
      <CodesList initial={initial} />
    </ApiFallback>
  );
}
