import { z } from "zod";
import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { rowIdParam } from "@/lib/validation/input";
import { listChannels } from "@/lib/db/channels";
import { GROUP_RECENT_DAYS } from "@/lib/limits";

const query = z.object({ accountId: rowIdParam.optional() });

/** Channels with their codes, and scans and new follows over the last `days` days. */
export const GET = withApi("qrcodes:read", async ({ request }) => {
  const { accountId } = readQuery(request, query);
  return json({ items: await listChannels(accountId), days: GROUP_RECENT_DAYS });
});
