import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { updateCampaign } from "@/lib/db/campaigns";
import { updateCampaignSchema } from "@/lib/validation/groups";
import { auditActor } from "@/lib/api/audit-actor";

/** Renames a campaign, sets or clears its start and end days ({startsOn, endsOn}: YYYY-MM-DD or null) and note. */
export const PATCH = withApi("campaigns:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "campaign");
  const campaign = await updateCampaign(id, await readJson(request, updateCampaignSchema), auditActor({ principal, request }));
  if (!campaign) throw notFound("campaign");
  return json(campaign);
});
