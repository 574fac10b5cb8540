import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { csvResponse, toCsv } from "@/lib/api/csv";
import { statsQuery } from "@/lib/validation/stats";
import { resolveAccount } from "@/lib/db/resolve-account";
import { getStats } from "@/lib/db/stats";

export const GET = withApi("stats:read", async ({ request }) => {
  const { channel, campaign, qrCodeId, ...query } = readQuery(request, statsQuery);
  const filter = { channel, campaign, qrCodeId };
  const account = await resolveAccount(query.accountId);
  const stats = await getStats({ ...query, filter, accountId: account.id });
  if (query.format === "json")
    return json({ ...stats, from: query.from, to: query.to, groupBy: query.groupBy, timeZone: account.timeZone, filter });
  const header = [query.groupBy, "scans", "uniqueScanners", "newFollows", "unfollows", "netFollows"];
  const rows = stats.rows.map((r) => [r.label, r.scans, r.uniqueScanners, r.newFollows, r.unfollows, r.netFollows]);
  const t = stats.totals;
  rows.push(["total", t.scans, t.uniqueScanners, t.newFollows, t.unfollows, t.netFollows]);
  return csvResponse(`qudao-stats-${query.groupBy}-${query.from}-${query.to}.csv`, toCsv(header, rows));
});
