import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { getQrCode } from "@/lib/db/qrcodes";
import { logoInfoOf } from "@/lib/db/logos";
import { updateQrCode } from "@/lib/db/qrcode-edits";
import { updateQrCodeSchema } from "@/lib/validation/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

export const GET = withApi("qrcodes:read", async ({ params }) => {
  const code = await getQrCode(parseId(params.id, "QR code"));
  if (!code) throw notFound("QR code");
  return json({ ...code, logo: await logoInfoOf(code.id) });
});

/** PATCH /api/qrcodes/{id}: name, channel, campaign, note, schedule (validFrom/validTo), archived. */
export const PATCH = withApi("qrcodes:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const input = await readJson(request, updateQrCodeSchema);
  return json(await updateQrCode(id, input, auditActor({ principal, request })));
});
