import { redirect } from "next/navigation";
import { getSessionPrincipal } from "@/lib/auth/session";
import { ViewerProvider } from "@/lib/client/session";
import { Nav } from "@/components/shell/nav";

/** Every dashboard page: signed-in users only; the nav shows what the role may use. */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const principal = await getSessionPrincipal();
  if (!principal) redirect("/signin");
  return (
    <ViewerProvider viewer={{ name: principal.name, role: principal.role }}>
      <Nav />
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </ViewerProvider>
  );
}
