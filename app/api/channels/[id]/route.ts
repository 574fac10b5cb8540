import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { renameChannel } from "@/lib/db/channels";
import { renameChannelSchema } from "@/lib/validation/groups";
import { auditActor } from "@/lib/api/audit-actor";

/** Renames a channel ({name}); its codes and statistics stay with it. */
export const PATCH = withApi("channels:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "channel");
  const { name } = await readJson(request, renameChannelSchema);
  const channel = await renameChannel(id, name, auditActor({ principal, request }));
  if (!channel) throw notFound("channel");
  return json(channel);
});
