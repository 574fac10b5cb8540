import { redirect } from "next/navigation";
import { getSessionPrincipal } from "@/lib/auth/session";
import { homePageOf } from "@/lib/access/roles";

export default async function Home() {
  const principal = await getSessionPrincipal();
  redirect(principal ? homePageOf(principal.role) : "/signin");
}
