import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { ChannelsAdmin } from "@/components/groups/channels-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("channels.title")} · ${t("app.name")}` };
}

export default async function ChannelsPage() {
  await requirePermission("qrcodes:read");
  return <ChannelsAdmin />;
}
