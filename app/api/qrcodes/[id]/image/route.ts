import { z } from "zod";
import { withApi, parseId, readQuery } from "@/lib/api/handler";
import { badRequest } from "@/lib/api/errors";
import { notFound } from "@/lib/errors";
import { getQrCode } from "@/lib/db/qrcodes";
import { effectiveLogo } from "@/lib/db/logos";
import { imageQuery } from "@/lib/validation/qrcodes";
import { renderQrPng, renderQrSvg } from "@/lib/qr/render";
import { readLogoBody } from "@/lib/api/logo-body";
import { codeFileName, contentDisposition } from "@/lib/file-names";
import { inRenderSlot, RenderBusyError, renderBusyResponse } from "@/lib/qr/render-slots";

const renderQuery = imageQuery.extend({
  /** none: without the stored logo (the code's own or its campaign's). */
  logo: z.enum(["none"], "logo may only be none").optional(),
  /** 1: Content-Disposition attachment (a download), otherwise inline. */
  download: z.enum(["0", "1"], "download must be 0 or 1").optional(),
});

/** `logo`: the one sent (POST); null: the code's stored one unless logo=none. */
async function render(request: Request, id: string | undefined, sent: Buffer | null): Promise<Response> {
  const { format, size, margin, logo: logoChoice, download } = readQuery(request, renderQuery);
  const codeId = parseId(id, "QR code");
  const code = await getQrCode(codeId);
  if (!code?.url) throw notFound("QR code");
  const logo = sent ?? (logoChoice === "none" ? undefined : (await effectiveLogo(codeId))?.png);
  const headers = {
    "content-disposition": contentDisposition(download === "1" ? "attachment" : "inline", codeFileName(code, size, format)),
    // the stored logo can change under the same address
    "cache-control": "private, no-cache",
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
      throw badRequest("invalid_image", error.message, sent ? "logo" : "size");
    throw error;
  }
}

/** The code rendered locally from its url, with its stored logo unless logo=none. */
export const GET = withApi("qrcodes:read", ({ request, params }) => render(request, params.id, null));

/** The same with a centre logo: the request body is the logo as a PNG (at most QR_IMAGE_LIMITS.logoBytes). */
export const POST = withApi("qrcodes:read", async ({ request, params }) =>
  render(request, params.id, await readLogoBody(request)),
);
