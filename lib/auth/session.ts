import { headers } from "next/headers";
import { authenticateSessionCookie, type Principal } from "./authenticate";

/**
 * The signed-in user for server components and server actions, with the role as the database has
 * it now: the same check as the APIs', session version included.
 */
export async function getSessionPrincipal(): Promise<Principal | null> {
  return authenticateSessionCookie((await headers()).get("cookie"));
}
