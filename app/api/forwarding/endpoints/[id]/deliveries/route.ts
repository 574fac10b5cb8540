import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { getForwardEndpoint } from "@/lib/db/forward-endpoints";
import { listDeliveries } from "@/lib/db/forward-deliveries";

/** The endpoint's last 100 delivery attempts, newest first, with the next retry of each payload still pending. */
export const GET = withApi("forwarding:read", async ({ params }) => {
  const id = parseId(params.id, "endpoint");
  if (!(await getForwardEndpoint(id))) throw notFound("endpoint");
  return json({ items: await listDeliveries(id) });
});
