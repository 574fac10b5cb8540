import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { csvResponse, toCsv } from "@/lib/api/csv";
import { statsQuery } from "@/lib/validation/stats";
import { statsAnswer } from "@/lib/api/stats-answers";

export const GET = withApi("stats:read", async ({ request }) => {
  const query = readQuery(request, statsQuery);
  const stats = await statsAnswer(query);
  if (query.format === "json") return json(stats);
  const header = [query.groupBy, "scans", "uniqueScanners", "newFollows", "unfollows", "netFollows"];
  const rows = stats.rows.map((r) => [r.label, r.scans, r.uniqueScanners, r.newFollows, r.unfollows, r.netFollows]);
  const t = stats.totals;
  rows.push(["total", t.scans, t.uniqueScanners, t.newFollows, t.unfollows, t.netFollows]);
  return csvResponse(`qudao-stats-${query.groupBy}-${query.from}-${query.to}.csv`, toCsv(header, rows));
});
