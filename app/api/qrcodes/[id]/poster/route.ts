import { withApi, parseId, readQuery } from "@/lib/api/handler";
import { posterPngResponse } from "@/lib/api/poster-render";
import { notFound } from "@/lib/errors";
import { getQrCode } from "@/lib/db/qrcodes";
import { posterQuery } from "@/lib/validation/posters";

/** GET /api/qrcodes/{id}/poster?template={id} → the code on the template's poster, as a PNG download. */
export const GET = withApi("qrcodes:read", async ({ request, params }) => {
  const id = parseId(params.id, "QR code");
  const { template } = readQuery(request, posterQuery);
  const code = await getQrCode(id);
  if (!code?.url) throw notFound("QR code");
  return posterPngResponse({ ...code, url: code.url }, template);
});
