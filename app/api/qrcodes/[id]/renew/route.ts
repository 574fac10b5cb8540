import { withApi, parseId, requireJsonBody } from "@/lib/api/handler";
import { badRequest } from "@/lib/api/errors";
import { json } from "@/lib/api/respond";
import { readTextWithin } from "@/lib/api/read-body";
import { JSON_BODY_MAX_BYTES } from "@/lib/limits";
import { renewQrCode } from "@/lib/qrcodes/renew";
import { renewQrCodeSchema } from "@/lib/validation/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

/** POST /api/qrcodes/{id}/renew, body optional `{"expireSeconds"}`: a new ticket for an expired temporary code. */
export const POST = withApi("qrcodes:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const text = await readTextWithin(request, JSON_BODY_MAX_BYTES);
  let body: unknown = {};
  if (text.trim()) {
    requireJsonBody(request);
    try {
      body = JSON.parse(text);
    } catch {
      throw badRequest("invalid_json", "request body is not valid JSON");
    }
  }
  return json(await renewQrCode(id, renewQrCodeSchema.parse(body), auditActor({ principal, request })));
});
