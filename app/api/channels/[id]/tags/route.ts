import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { notFound } from "@/lib/errors";
import { channelTags, setChannelTags } from "@/lib/db/tags";
import { tagsSchema } from "@/lib/validation/tags";

/** GET /api/channels/{id}/tags: the WeChat tags every scan of the channel's codes gives. */
export const GET = withApi("qrcodes:read", async ({ params }) => {
  const found = await channelTags(parseId(params.id, "channel"));
  if (!found) throw notFound("channel");
  return json(found);
});

/** PUT /api/channels/{id}/tags {tags}: replaces them. */
export const PUT = withApi("channels:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "channel");
  const saved = await setChannelTags(id, await readJson(request, tagsSchema), auditActor({ principal, request }));
  if (!saved) throw notFound("channel");
  return json(saved);
});
