import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { mergeChannel } from "@/lib/db/channels";
import { mergeChannelSchema } from "@/lib/validation/groups";
import { auditActor } from "@/lib/api/audit-actor";

/** Merges this channel into another ({into}): its codes move there, it is deleted, statistics are recounted. */
export const POST = withApi("channels:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "channel");
  const { into } = await readJson(request, mergeChannelSchema);
  const merge = await mergeChannel(id, into, auditActor({ principal, request }));
  if (!merge) throw notFound("channel");
  return json(merge);
});
