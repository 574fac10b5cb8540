import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { AuditLog } from "@/components/admin/audit-log";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("audit.title")} · ${t("app.name")}` };
}

export default async function AuditPage() {
  await requirePermission("audit:read");
  return <AuditLog />;
}
