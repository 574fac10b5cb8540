import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { TokensAdmin } from "@/components/admin/tokens-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("tokens.title")} · ${t("app.name")}` };
}

export default async function TokensPage() {
  await requirePermission("tokens:write");
  return <TokensAdmin />;
}
