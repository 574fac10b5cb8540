import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { seriesQuery } from "@/lib/validation/stats";
import { resolveAccount } from "@/lib/db/resolve-account";
import { getStatsSeries } from "@/lib/db/stats-series";

/** Counts per day or hour, every bucket present, in the account's time zone. */
export const GET = withApi("stats:read", async ({ request }) => {
  const { channel, campaign, qrCodeId, ...query } = readQuery(request, seriesQuery);
  const filter = { channel, campaign, qrCodeId };
  const account = await resolveAccount(query.accountId);
  const points = await getStatsSeries({ ...query, filter, accountId: account.id, timeZone: account.timeZone });
  return json({ points, from: query.from, to: query.to, interval: query.interval, timeZone: account.timeZone, filter });
});
