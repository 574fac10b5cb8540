import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { CampaignsAdmin } from "@/components/groups/campaigns-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("campaigns.title")} · ${t("app.name")}` };
}

export default async function CampaignsPage() {
  await requirePermission("qrcodes:read");
  return <CampaignsAdmin />;
}
