import type { ApiContext } from "./handler";
import { clientAddress, UNKNOWN_ADDRESS } from "@/lib/auth/client-address";
import { config } from "@/lib/config";
import type { AuditActor } from "@/lib/db/audit";

/** The caller of an API route as the audit log names them: who (as they are called now) and from where. */
export function auditActor({ principal, request }: Pick<ApiContext, "principal" | "request">): AuditActor {
  const address = clientAddress(request.headers.get("x-forwarded-for"), config().trustedProxyHops);
  return {
    kind: principal.kind,
    id: principal.id,
    name: principal.name,
    address: address === UNKNOWN_ADDRESS ? null : address,
    userAgent: request.headers.get("user-agent"),
  };
}
