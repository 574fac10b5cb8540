import { userInfo } from "node:os";
import type { AuditActor } from "@/lib/db/audit";

/** The CLI as the audit log names it: by the operating-system user who ran it. */
export function cliActor(): AuditActor {
  let name = "cli";
  try {
    name = userInfo().username || name;
  } catch {
    // no passwd entry for this uid (some containers): "cli" says enough
  }
  return { kind: "cli", id: null, name, address: null, userAgent: null };
}
