import { z } from "zod";
import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { rowIdParam } from "@/lib/validation/input";
import { listCampaigns } from "@/lib/db/campaigns";
import { GROUP_RECENT_DAYS } from "@/lib/limits";

const query = z.object({ accountId: rowIdParam.optional() });

/** Campaigns with their days, note, codes, and scans and new follows over the last `days` days. */
export const GET = withApi("qrcodes:read", async ({ request }) => {
  const { accountId } = readQuery(request, query);
  return json({ items: await listCampaigns(accountId), days: GROUP_RECENT_DAYS });
});
