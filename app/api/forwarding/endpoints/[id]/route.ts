import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { notFound } from "@/lib/errors";
import { deleteForwardEndpoint, updateForwardEndpoint } from "@/lib/db/forward-endpoints";
import { checkForwardUrl } from "@/lib/forwarding/url";
import { updateEndpointSchema } from "@/lib/validation/forwarding";

/** Changes the URL, description, filter or enabled flag; the secret stays. */
export const PATCH = withApi("forwarding:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "endpoint");
  const patch = await readJson(request, updateEndpointSchema);
  if (patch.url !== undefined) await checkForwardUrl(patch.url);
  const endpoint = await updateForwardEndpoint(id, patch, auditActor({ principal, request }));
  if (!endpoint) throw notFound("endpoint");
  return json(endpoint);
});

export const DELETE = withApi("forwarding:write", async ({ request, params, principal }) => {
  const endpoint = await deleteForwardEndpoint(parseId(params.id, "endpoint"), auditActor({ principal, request }));
  if (!endpoint) throw notFound("endpoint");
  return json(endpoint);
});
