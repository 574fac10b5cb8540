import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { csvResponse } from "@/lib/api/csv";
import { toCsv } from "@/lib/csv";
import { statsQuery } from "@/lib/validation/stats";
import { statsAnswer } from "@/lib/api/stats-answers";
import { METRICS, type Counts } from "@/lib/stats/metrics";

export const GET = withApi("stats:read", async ({ request }) => {
  const query = readQuery(request, statsQuery);
  const stats = await statsAnswer(query);
  if (query.format === "json") return json(stats);
  const line = (name: string, counts: Counts) => [name, ...METRICS.map((m) => counts[m])];
  const rows = [...stats.rows.map((r) => line(r.label, r)), line("total", stats.totals)];
  return csvResponse(`qudao-stats-${query.groupBy}-${query.from}-${query.to}.csv`, toCsv([query.groupBy, ...METRICS], rows));
});
