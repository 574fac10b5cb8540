import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { ForwardingAdmin } from "@/components/forwarding/forwarding-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("forwarding.title")} · ${t("app.name")}` };
}

export default async function ForwardingPage() {
  await requirePermission("forwarding:read");
  return <ForwardingAdmin />;
}
