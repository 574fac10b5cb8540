import { withApi, readQuery } from "@/lib/api/handler";
import { csvResponse, toCsv } from "@/lib/api/csv";
import { eventsExportQuery } from "@/lib/validation/stats";
import { resolveAccount } from "@/lib/db/resolve-account";
import { listEvents } from "@/lib/db/stats";

const MAX_ROWS = 1_000_000;

/** Raw scan and follow events as CSV. */
export const GET = withApi("stats:read", async ({ request }) => {
  const query = readQuery(request, eventsExportQuery);
  const account = await resolveAccount(query.accountId);
  const { channel, campaign, qrCodeId } = query;
  const events = await listEvents({
    ...query,
    accountId: account.id,
    timeZone: account.timeZone,
    limit: MAX_ROWS,
    filter: { channel, campaign, qrCodeId },
  });
  const header = ["occurredAt", "event", "openid", "scene", "qrCodeId", "qrCode", "channel", "campaign"];
  const rows = events.map((e) => [e.occurredAt, e.kind, e.openid, e.scene, e.qrCodeId, e.qrCode, e.channel, e.campaign]);
  return csvResponse(`qudao-events-${query.from}-${query.to}.csv`, toCsv(header, rows));
});
