import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { PostersAdmin } from "@/components/posters/posters-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("posters.title")} · ${t("app.name")}` };
}

export default async function PostersPage() {
  await requirePermission("qrcodes:read");
  return <PostersAdmin />;
}
