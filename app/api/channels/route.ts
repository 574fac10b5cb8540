import { z } from "zod";
import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { rowIdParam } from "@/lib/validation/input";
import { listChannels } from "@/lib/db/campaigns";

const query = z.object({ accountId: rowIdParam.optional() });

export const GET = withApi("qrcodes:read", async ({ request }) => {
  const { accountId } = readQuery(request, query);
  return json({ items: await listChannels(accountId) });
});
