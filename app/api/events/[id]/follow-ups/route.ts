import { withApi } from "@/lib/api/handler";
import { badRequest } from "@/lib/api/errors";
import { json } from "@/lib/api/respond";
import { deliveriesOf } from "@/lib/db/follow-ups";

/** GET /api/events/{id}/follow-ups: what became of each follow-up message of a recorded event so far (by position). */
export const GET = withApi("replies:read", async ({ params }) => {
  if (!/^[1-9][0-9]{0,17}$/.test(params.id ?? "")) throw badRequest("invalid_id", "event id must be a positive integer", "id");
  return json({ deliveries: await deliveriesOf(params.id!) });
});
