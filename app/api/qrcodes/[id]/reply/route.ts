import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { setQrCodeReply } from "@/lib/db/replies";
import { getQrCode } from "@/lib/db/qrcodes";
import { replySchema } from "@/lib/validation/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

export const PUT = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const reply = await readJson(request, replySchema);
  if (!(await setQrCodeReply(id, reply, auditActor({ principal, request })))) throw notFound("QR code");
  return json(await getQrCode(id));
});

export const DELETE = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  if (!(await setQrCodeReply(id, null, auditActor({ principal, request })))) throw notFound("QR code");
  return json(await getQrCode(id));
});
