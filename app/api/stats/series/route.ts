import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { seriesQuery } from "@/lib/validation/stats";
import { seriesOrLinesAnswer } from "@/lib/api/stats-answers";

export const GET = withApi("stats:read", async ({ request }) => json(await seriesOrLinesAnswer(readQuery(request, seriesQuery))));
