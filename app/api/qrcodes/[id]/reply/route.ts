import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { setQrCodeReply } from "@/lib/db/replies";
import { getQrCode } from "@/lib/db/qrcodes";
import { replySchema } from "@/lib/validation/qrcodes";

export const PUT = withApi("replies:write", async ({ request, params }) => {
  const id = parseId(params.id, "QR code");
  const reply = await readJson(request, replySchema);
  if (!(await setQrCodeReply(id, reply))) throw notFound("QR code");
  return json(await getQrCode(id));
});

export const DELETE = withApi("replies:write", async ({ params }) => {
  const id = parseId(params.id, "QR code");
  if (!(await setQrCodeReply(id, null))) throw notFound("QR code");
  return json(await getQrCode(id));
});
