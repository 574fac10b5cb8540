import { withApi, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { createForwardEndpoint, listForwardEndpoints } from "@/lib/db/forward-endpoints";
import { checkForwardUrl } from "@/lib/forwarding/url";
import { createEndpointSchema } from "@/lib/validation/forwarding";

export const GET = withApi("forwarding:read", async () => json({ items: await listForwardEndpoints() }));

/** The secret is in this answer and nowhere else: it is stored encrypted and never shown again. */
export const POST = withApi("forwarding:write", async ({ request, principal }) => {
  const input = await readJson(request, createEndpointSchema);
  await checkForwardUrl(input.url);
  const { secret, record } = await createForwardEndpoint(input, auditActor({ principal, request }));
  return json({ secret, record }, 201, { "cache-control": "no-store" });
});
