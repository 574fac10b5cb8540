import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { listAuditEntries, type AuditPage } from "@/lib/db/audit";
import { auditQuery } from "@/lib/validation/audit";

/** GET /api/audit: who changed what, newest first, filtered; `cursor` = the previous page's `nextCursor`. */
export const GET = withApi("audit:read", async ({ request }) => {
  return json((await listAuditEntries(readQuery(request, auditQuery))) satisfies AuditPage);
});
