import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { heatmapQuery } from "@/lib/validation/stats";
import { heatmapAnswer } from "@/lib/api/stats-answers";

/** Scans per weekday and hour of day in the account's zone, over the range and filter of GET /api/stats. */
export const GET = withApi("stats:read", async ({ request }) => json(await heatmapAnswer(readQuery(request, heatmapQuery))));
