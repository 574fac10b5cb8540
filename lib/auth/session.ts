import { getServerSession } from "next-auth/next";
import { authOptions } from "./options";
import { principalForUserId, type Principal } from "./authenticate";

/** The signed-in user for server components and server actions, with the role as the database has it now. */
export async function getSessionPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  return typeof id === "number" ? principalForUserId(id) : null;
}
