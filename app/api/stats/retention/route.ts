import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { retentionQuery } from "@/lib/validation/stats";
import { retentionAnswer } from "@/lib/api/stats-answers";

/** How the follows of the range's days held: per group of GET /api/stats, the totals, each follow day and the curve. */
export const GET = withApi("stats:read", async ({ request }) => json(await retentionAnswer(readQuery(request, retentionQuery))));
