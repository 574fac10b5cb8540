import { redirect } from "next/navigation";
import { getSessionPrincipal } from "./session";
import { can, type Permission } from "@/lib/access/roles";
import type { Principal } from "./authenticate";

/** For pages: the signed-in principal if it holds `permission`; else to sign-in or a 403 page. */
export async function requirePermission(permission: Permission): Promise<Principal> {
  const principal = await getSessionPrincipal();
  if (!principal) redirect("/signin");
  if (!can(principal, permission)) redirect("/forbidden");
  return principal;
}
