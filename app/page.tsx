import { redirect } from "next/navigation";
import { getSessionPrincipal } from "@/lib/auth/session";

export default async function Home() {
  redirect((await getSessionPrincipal()) ? "/codes" : "/signin");
}
