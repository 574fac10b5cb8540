import { z } from "zod";
import { withApi, readQuery } from "@/lib/api/handler";
import { badRequest } from "@/lib/api/errors";
import { notFound } from "@/lib/errors";
import { getQrCodesByIds, type QrCodeView } from "@/lib/db/qrcodes";
import { imageQuery } from "@/lib/validation/qrcodes";
import { isRowId, ROW_ID_MESSAGE, rowIdParam } from "@/lib/validation/input";
import { ARCHIVE_LIMITS } from "@/lib/limits";
import { streamQrCodeArchive } from "@/lib/qrcodes/archive";
import { archiveLogos } from "@/lib/qrcodes/archive-logos";
import { RenderBusyError, releasedWhenDone, renderBusyResponse, takeRenderSlot } from "@/lib/qr/render-slots";
import { drawPoster, posterSizeLabel, templateFor } from "@/lib/api/poster-render";

const zipQuery = imageQuery.omit({ format: true }).extend({
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/, "ids must be a comma-separated list of code ids")
    .transform((s) => [...new Set(s.split(",").map(Number))])
    .refine((ids) => ids.every(isRowId), `each id ${ROW_ID_MESSAGE}`)
    .refine((ids) => ids.length <= ARCHIVE_LIMITS.maxCodes, `at most ${ARCHIVE_LIMITS.maxCodes} codes per download`),
  /** A poster template: posters instead of bare codes (size and margin are then the template's). */
  poster: rowIdParam.optional(),
});

/**
 * GET /api/qrcodes/zip?ids=1,2,3&size=430&margin=2 → one PNG per code (with its logo) and manifest.csv, streamed:
 * everything that can be refused is checked (as a JSON error) before the first byte of the archive.
 * The archive holds one render slot until its last byte is read (429 when none is free).
 */
export const GET = withApi("qrcodes:read", async ({ request }) => {
  const { ids, size, margin, poster } = readQuery(request, zipQuery);
  if (poster === undefined && ids.length * size * size > ARCHIVE_LIMITS.maxTotalPixels)
    throw badRequest(
      "too_large",
      `${ids.length} codes of ${size} px are ${(ids.length * size * size).toLocaleString("en")} pixels, more than the ` +
        `${ARCHIVE_LIMITS.maxTotalPixels.toLocaleString("en")} one download may hold; choose a smaller size or fewer codes`,
      "size",
    );
  const codes = await getQrCodesByIds(ids);
  const found = new Set(codes.map((code) => code.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw notFound(`QR code ${missing.join(", ")}`);
  const logoOf = await archiveLogos(codes);
  const template = poster === undefined ? null : await templateFor(poster, codes);
  const posterPixels = template ? ids.length * template.poster.width * template.poster.height : 0;
  if (posterPixels > ARCHIVE_LIMITS.maxTotalPixels)
    throw badRequest(
      "too_large",
      `${ids.length} posters of ${template?.poster.width}×${template?.poster.height} px are ${posterPixels.toLocaleString("en")} pixels, ` +
        `more than the ${ARCHIVE_LIMITS.maxTotalPixels.toLocaleString("en")} one download may hold; choose fewer codes`,
      "ids",
    );
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  let release: () => void;
  try {
    release = await takeRenderSlot();
  } catch (error) {
    if (error instanceof RenderBusyError) return renderBusyResponse(error);
    throw error;
  }
  const posters = template
    ? {
        draw: (code: QrCodeView, url: string, logo?: Buffer) => drawPoster({ ...code, url }, template, logo),
        sizeLabel: posterSizeLabel(template.poster),
      }
    : undefined;
  return new Response(releasedWhenDone(streamQrCodeArchive(codes, { size, margin, logoOf, poster: posters }), release), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${template ? "posters" : "qrcodes"}-${stamp}-${codes.length}.zip"`,
      "cache-control": "private, no-store",
    },
  });
});
