import { withApi, parseId, readOptionalJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { renewQrCode } from "@/lib/qrcodes/renew";
import { renewQrCodeSchema } from "@/lib/validation/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

/** POST /api/qrcodes/{id}/renew, body optional `{"expireSeconds"}`: a new ticket for an expired temporary code. */
export const POST = withApi("qrcodes:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const input = await readOptionalJson(request, renewQrCodeSchema);
  return json(await renewQrCode(id, input, auditActor({ principal, request })));
});
