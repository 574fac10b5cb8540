import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require";
import { defaultApiBase } from "@/lib/accounts/api-origin";
import { getT } from "@/lib/i18n/server";
import { AccountsAdmin } from "@/components/admin/accounts-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("accounts.title")} · ${t("app.name")}` };
}

export default async function AccountsPage() {
  await requirePermission("accounts:write");
  // Where real accounts without their own API origin send WeChat calls (sandbox accounts: the sandbox).
  return <AccountsAdmin defaultApiBase={defaultApiBase()} />;
}
