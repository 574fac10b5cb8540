import { readQuery } from "@/lib/api/handler";
import { errorResponse } from "@/lib/api/respond";
import { parseBindingId } from "@/lib/api/binding-id";
import { notFound } from "@/lib/errors";
import { bindingUrl } from "@/lib/db/bindings";
import { imageQuery } from "@/lib/validation/qrcodes";
import { renderQrPng, renderQrSvg } from "@/lib/qr/render";
import { inRenderSlot, RenderBusyError, renderBusyResponse } from "@/lib/qr/render-slots";

export const dynamic = "force-dynamic";

/**
 * The binding's code as an image, without sign-in: a website shows it to its visitor, and it shows
 * nothing the visitor does not see anyway. Only while the code can be scanned (else 404); the id is
 * unguessable, and rendering is bounded like every image (429 beyond the limit).
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const id = parseBindingId((await params).id);
    const { format, size, margin } = readQuery(request, imageQuery);
    const url = await bindingUrl(id);
    if (!url) throw notFound("binding");
    const headers = { "cache-control": "private, max-age=60" };
    if (format === "svg") {
      const svg = await inRenderSlot(() => renderQrSvg(url, { size, margin }));
      return new Response(svg, { headers: { ...headers, "content-type": "image/svg+xml; charset=utf-8" } });
    }
    const png = await inRenderSlot(() => renderQrPng(url, { size, margin }));
    return new Response(new Uint8Array(png), { headers: { ...headers, "content-type": "image/png" } });
  } catch (error) {
    if (error instanceof RenderBusyError) return renderBusyResponse(error);
    return errorResponse(error, request);
  }
}
