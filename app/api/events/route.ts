import { withApi, readQuery } from "@/lib/api/handler";
import { csvStreamResponse } from "@/lib/api/csv";
import { eventsExportQuery } from "@/lib/validation/stats";
import { resolveAccount } from "@/lib/db/resolve-account";
import { countEvents, streamEvents } from "@/lib/db/event-export";
import { getLocale } from "@/lib/i18n/server";
import { eventsCsv } from "@/lib/stats/csv";

const MAX_ROWS = 10_000_000;

/**
 * Raw scan and follow events as CSV, streamed, in the asked language (else the dashboard's), times
 * in the account's zone; X-Total-Rows lets the dashboard show progress.
 */
export const GET = withApi("stats:read", async ({ request }) => {
  const { channel, campaign, qrCodeId, lang, ...query } = readQuery(request, eventsExportQuery);
  const account = await resolveAccount(query.accountId);
  const range = {
    ...query,
    accountId: account.id,
    timeZone: account.timeZone,
    limit: MAX_ROWS,
    filter: { channel, campaign, qrCodeId },
  };
  const csv = eventsCsv(lang ?? (await getLocale()), account.timeZone);
  const total = await countEvents(range);
  async function* pages() {
    for await (const events of streamEvents(range)) yield events.map(csv.row);
  }
  return csvStreamResponse(`qudao-events-${query.from}-${query.to}.csv`, csv.header, pages(), {
    "x-total-rows": String(total),
  });
});
