import { withApi, readQuery } from "@/lib/api/handler";
import { csvStreamResponse } from "@/lib/api/csv";
import { eventsExportQuery } from "@/lib/validation/stats";
import { resolveAccount } from "@/lib/db/resolve-account";
import { countEvents, streamEvents } from "@/lib/db/event-export";

const MAX_ROWS = 10_000_000;
const HEADER = ["occurredAt", "event", "openid", "scene", "qrCodeId", "qrCode", "channel", "campaign", "codeState"];

/** Raw scan and follow events as CSV, streamed; X-Total-Rows lets the dashboard show progress. */
export const GET = withApi("stats:read", async ({ request }) => {
  const { channel, campaign, qrCodeId, ...query } = readQuery(request, eventsExportQuery);
  const account = await resolveAccount(query.accountId);
  const range = {
    ...query,
    accountId: account.id,
    timeZone: account.timeZone,
    limit: MAX_ROWS,
    filter: { channel, campaign, qrCodeId },
  };
  const total = await countEvents(range);
  async function* pages() {
    for await (const events of streamEvents(range))
      yield events.map((e) => [
        e.occurredAt,
        e.kind,
        e.openid,
        e.scene,
        e.qrCodeId,
        e.qrCode,
        e.channel,
        e.campaign,
        e.codeState,
      ]);
  }
  return csvStreamResponse(`qudao-events-${query.from}-${query.to}.csv`, HEADER, pages(), { "x-total-rows": String(total) });
});
