import { withApi, parseId } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { getPosterBackground } from "@/lib/db/posters";

/** The template's background as uploaded. */
export const GET = withApi("qrcodes:read", async ({ params }) => {
  const background = await getPosterBackground(parseId(params.id, "poster template"));
  if (!background) throw notFound("poster template");
  return new Response(new Uint8Array(background.bytes), {
    headers: { "content-type": background.contentType, "cache-control": "private, no-cache" },
  });
});
