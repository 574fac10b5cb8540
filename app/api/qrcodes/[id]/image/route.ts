import { withApi, parseId, readQuery } from "@/lib/api/handler";
import { ApiError, badRequest } from "@/lib/api/errors";
import { notFound } from "@/lib/errors";
import { getQrCode } from "@/lib/db/qrcodes";
import { QR_IMAGE_LIMITS } from "@/lib/limits";
import { imageQuery } from "@/lib/validation/qrcodes";
import { renderQrPng, renderQrSvg } from "@/lib/qr/render";
import { readBodyWithin } from "@/lib/api/read-body";
import { inRenderSlot, RenderBusyError, renderBusyResponse } from "@/lib/qr/render-slots";

async function render(request: Request, id: string | undefined, logo?: Buffer): Promise<Response> {
  const { format, size, margin } = readQuery(request, imageQuery);
  const code = await getQrCode(parseId(id, "QR code"));
  if (!code?.url) throw notFound("QR code");
  const headers = {
    "content-disposition": `inline; filename="qrcode-${code.id}-${size}.${format}"`,
    "cache-control": "private, max-age=300",
  };
  const url = code.url;
  try {
    if (format === "svg") {
      const svg = await inRenderSlot(() => renderQrSvg(url, { size, margin, logo }));
      return new Response(svg, { headers: { ...headers, "content-type": "image/svg+xml; charset=utf-8" } });
    }
    const png = await inRenderSlot(() => renderQrPng(url, { size, margin, logo }));
    return new Response(new Uint8Array(png), { headers: { ...headers, "content-type": "image/png" } });
  } catch (error) {
    if (error instanceof RenderBusyError) return renderBusyResponse(error);
    // Sizes are validated above; what remains is a logo that is not a PNG or a size too small to hold the code.
    if (error instanceof TypeError || error instanceof RangeError)
      throw badRequest("invalid_image", error.message, logo ? "logo" : "size");
    throw error;
  }
}

/** The code rendered locally from its url. */
export const GET = withApi("qrcodes:read", ({ request, params }) => render(request, params.id));

/** The same with a centre logo: the request body is the logo as a PNG (at most QR_IMAGE_LIMITS.logoBytes). */
export const POST = withApi("qrcodes:read", async ({ request, params }) => render(request, params.id, await readLogo(request)));

async function readLogo(request: Request): Promise<Buffer> {
  const body = await readBodyWithin(request, QR_IMAGE_LIMITS.logoBytes);
  if (body === null)
    throw new ApiError(413, "too_large", `the logo may be at most ${QR_IMAGE_LIMITS.logoBytes / 1024} KB`, "logo");
  if (body.length === 0) throw badRequest("invalid_image", "send the logo PNG as the request body", "logo");
  return body;
}
