import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { notFound } from "@/lib/errors";
import { codeTags, setCodeTags } from "@/lib/db/tags";
import { tagsSchema } from "@/lib/validation/tags";

/** GET /api/qrcodes/{id}/tags: the WeChat tags a scan of the code gives (its own, and its channel's as channelTags). */
export const GET = withApi("qrcodes:read", async ({ params }) => {
  const found = await codeTags(parseId(params.id, "QR code"));
  if (!found) throw notFound("QR code");
  return json(found);
});

/** PUT /api/qrcodes/{id}/tags {tags}: replaces the code's own tags. */
export const PUT = withApi("qrcodes:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "QR code");
  const saved = await setCodeTags(id, await readJson(request, tagsSchema), auditActor({ principal, request }));
  if (!saved) throw notFound("QR code");
  return json(saved);
});
