import { redirect } from "next/navigation";
import { getSessionPrincipal } from "@/lib/auth/session";
import { can } from "@/lib/access/roles";
import { listAccounts } from "@/lib/db/accounts";
import { asAnswer } from "@/lib/api/respond";
import { ViewerProvider } from "@/lib/client/session";
import { ApiFallback } from "@/lib/client/api-fallback";
import { Nav } from "@/components/shell/nav";

/**
 * Every dashboard page: signed-in users only; the nav shows what the role may use. The account
 * list, which most pages need before their own requests, comes with the page as GET /api/accounts
 * would answer it.
 */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const principal = await getSessionPrincipal();
  if (!principal) redirect("/signin");
  const fallback = can(principal, "accounts:read") ? { "/api/accounts": asAnswer({ items: await listAccounts() }) } : {};
  return (
    <ViewerProvider viewer={{ name: principal.name, role: principal.role }}>
      <ApiFallback fallback={fallback}>
        <Nav />
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </ApiFallback>
    </ViewerProvider>
  );
}
