import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { statsQuery } from "@/lib/validation/stats";
import { statsAnswer } from "@/lib/api/stats-answers";
import { statsCsvResponse } from "@/lib/api/stats-csv";

export const GET = withApi("stats:read", async ({ request }) => {
  const query = readQuery(request, statsQuery);
  const stats = await statsAnswer(query.format === "json" ? query : { ...query, compare: undefined }); // the CSV has no comparison
  return query.format === "json" ? json(stats) : statsCsvResponse(stats, query.lang);
});
