import { withApi, parseId, readOptionalJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { duplicateQrCode } from "@/lib/qrcodes/duplicate";
import { duplicateQrCodeSchema } from "@/lib/validation/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

/** POST /api/qrcodes/{id}/duplicate, body optional `{"name"}`: a new code like this one, with its own scene and ticket. */
export const POST = withApi("qrcodes:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const input = await readOptionalJson(request, duplicateQrCodeSchema);
  return json(await duplicateQrCode(id, input, auditActor({ principal, request })), 201);
});
