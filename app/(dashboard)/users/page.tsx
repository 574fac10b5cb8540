import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { UsersAdmin } from "@/components/admin/users-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("users.title")} · ${t("app.name")}` };
}

export default async function UsersPage() {
  const principal = await requirePermission("users:write");
  return <UsersAdmin viewerId={principal.kind === "user" ? principal.id : null} />;
}
