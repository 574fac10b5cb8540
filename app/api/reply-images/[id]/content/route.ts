import { withApi, parseId } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { replyImageContent } from "@/lib/db/reply-images";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A reply image's bytes as uploaded, for thumbnails and the phone preview. */
export const GET = withApi("replies:read", async ({ params }) => {
  const image = await replyImageContent(parseId(params.id, "reply image"));
  if (!image) throw notFound("reply image");
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "content-type": image.contentType,
      "content-length": String(image.bytes.byteLength),
      "x-content-type-options": "nosniff",
      // An image row never changes; only signed-in browsers may keep it.
      "cache-control": "private, max-age=86400, immutable",
    },
  });
});
