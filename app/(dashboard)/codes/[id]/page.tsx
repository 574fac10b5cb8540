import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/require";
import { CodeDetail } from "@/components/codes/code-detail";

export default async function CodePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("qrcodes:read");
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <CodeDetail id={id} created={(await searchParams).created === "1"} />;
}
