import type { ApiContext } from "./handler";
import { clientAddress } from "./client-address";
import type { AuditActor } from "@/lib/db/audit";

/** The caller of an API route as the audit log names them: who (as they are called now) and from where. */
export function auditActor({ principal, request }: Pick<ApiContext, "principal" | "request">): AuditActor {
  return {
    kind: principal.kind,
    id: principal.id,
    name: principal.name,
    address: clientAddress(request),
    userAgent: request.headers.get("user-agent"),
  };
}
