import { withApi } from "@/lib/api/handler";
import { badRequest } from "@/lib/api/errors";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { changeJob } from "@/lib/db/jobs";
import { isJobId } from "@/lib/validation/jobs";

/** POST /api/jobs/{id}/retry: a failed job runs again (409 unless it failed). */
export const POST = withApi("jobs:write", async ({ request, principal, params }) => {
  if (!isJobId(params.id)) throw badRequest("invalid_id", "job id must be a UUID", "id");
  return json(await changeJob(auditActor({ request, principal }), params.id, "retry"));
});
