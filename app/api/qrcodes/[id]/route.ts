import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { getQrCode } from "@/lib/db/qrcodes";

export const GET = withApi("qrcodes:read", async ({ params }) => {
  const code = await getQrCode(parseId(params.id, "QR code"));
  if (!code) throw notFound("QR code");
  return json(code);
});
