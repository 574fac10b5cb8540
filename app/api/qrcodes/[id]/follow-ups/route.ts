import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { notFound } from "@/lib/errors";
import { followUpsOf, setFollowUps } from "@/lib/db/follow-ups";
import { followUpsSchema } from "@/lib/validation/follow-ups";

/** GET /api/qrcodes/{id}/follow-ups: the messages sent after the code's passive reply, and whether new followers get the welcome first. */
export const GET = withApi("replies:read", async ({ params }) => {
  const found = await followUpsOf(parseId(params.id, "QR code"));
  if (!found) throw notFound("QR code");
  return json(found);
});

/** PUT /api/qrcodes/{id}/follow-ups {welcomeFirst, messages}: replaces them (an empty list removes them). */
export const PUT = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const input = await readJson(request, followUpsSchema);
  const saved = await setFollowUps(id, input, auditActor({ principal, request }));
  if (!saved) throw notFound("QR code");
  return json(saved);
});
