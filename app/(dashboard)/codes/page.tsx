import { requirePermission } from "@/lib/auth/require";
import { asAnswer } from "@/lib/api/respond";
import { listQrCodesPage } from "@/lib/db/qrcodes";
import { listQrCodesQuery } from "@/lib/validation/qrcodes";
import { ApiFallback } from "@/lib/client/api-fallback";
import { CodesList } from "@/components/codes/codes-list";
import { listPath, listQueryOf, type ListParams } from "@/components/codes/list-query";

/** The list comes with its first page read here, as GET /api/qrcodes answers it; a query the API refuses is left to the browser to show. */
export default async function CodesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("qrcodes:read");
  const params = await searchParams;
  const initial: ListParams = Object.fromEntries(
    Object.entries(params).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])),
  );
  const path = listPath(listQueryOf(initial));
  const query = listQrCodesQuery.safeParse(Object.fromEntries(new URL(path, "http://qudao").searchParams));
  const fallback = query.success ? { [path]: asAnswer(await listQrCodesPage(query.data)) } : {};
  return (
    <ApiFallback fallback={fallback}>
      <CodesList initial={initial} />
    </ApiFallback>
  );
}
