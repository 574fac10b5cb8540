import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { JobsAdmin } from "@/components/jobs/jobs-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("jobs.title")} · ${t("app.name")}` };
}

export default async function JobsPage() {
  await requirePermission("jobs:read");
  return <JobsAdmin />;
}
