import { requirePermission } from "@/lib/auth/require";
import { CodesList, type ListParams } from "@/components/codes/codes-list";

export default async function CodesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("qrcodes:read");
  const params = await searchParams;
  const initial: ListParams = Object.fromEntries(
    Object.entries(params).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])),
  );
  return <CodesList initial={initial} />;
}
