import { withApi, parseId, readQuery } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { getQrCode } from "@/lib/db/qrcodes";
import { imageQuery } from "@/lib/validation/qrcodes";
import { renderQrPng, renderQrSvg } from "@/lib/qr/render";

export const GET = withApi("qrcodes:read", async ({ request, params }) => {
  const { format, size, margin } = readQuery(request, imageQuery);
  const code = await getQrCode(parseId(params.id, "QR code"));
  if (!code?.url) throw notFound("QR code");
  const filename = `qrcode-${code.id}-${size}.${format}`;
  const headers = { "content-disposition": `inline; filename="${filename}"`, "cache-control": "private, max-age=300" };
  if (format === "svg") {
    return new Response(await renderQrSvg(code.url, { size, margin }), {
      headers: { ...headers, "content-type": "image/svg+xml; charset=utf-8" },
    });
  }
  const png = await renderQrPng(code.url, { size, margin });
  return new Response(new Uint8Array(png), { headers: { ...headers, "content-type": "image/png" } });
});
