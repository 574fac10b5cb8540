import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { config } from "@/lib/config";
import { getT } from "@/lib/i18n/server";
import { AccountsAdmin } from "@/components/admin/accounts-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("accounts.title")} · ${t("app.name")}` };
}

export default async function AccountsPage() {
  await requirePermission("accounts:write");
  // Where accounts without their own API origin send WeChat calls (unset: the built-in sandbox).
  return <AccountsAdmin defaultApiBase={config().wechatApiBase ?? null} />;
}
