import Cursor from "pg-cursor";
import { pool } from "./client";
import { sqlParams } from "./sql-params";
import type { StatsFilter } from "@/lib/validation/stats";
import type { ExportedEvent } from "@/lib/stats/csv";

/** An event as exported: its time in the account's zone, the code it counted for (if any) and why not. */
export type RawEvent = ExportedEvent;

const PAGE_ROWS = 2_000;

type Range = { accountId: number; timeZone: string; from: string; to: string; filter?: StatsFilter };

/** The counted events of the range and filter, as FROM/WHERE over `e`, `q`, `ch`, `cp`. */
function eventsInRange(input: Range, p: ReturnType<typeof sqlParams>["p"]): string {
  const f = input.filter ?? {};
  const tz = p(input.timeZone);
  return `FROM events e
      LEFT JOIN qr_codes q ON q.id = e.qr_code_id
      LEFT JOIN channels ch ON ch.id = q.channel_id
      LEFT JOIN campaigns cp ON cp.id = q.campaign_id
     WHERE e.account_id = ${p(input.accountId, "::int")} AND NOT e.test
       AND e.occurred_at >= (${p(input.from, "::date")})::timestamp AT TIME ZONE ${tz}
       AND e.occurred_at < (${p(input.to, "::date")} + 1)::timestamp AT TIME ZONE ${tz}
       ${f.channel !== undefined ? `AND ch.name = ${p(f.channel)}` : ""}
       ${f.campaign !== undefined ? `AND cp.name = ${p(f.campaign)}` : ""}
       ${f.qrCodeId !== undefined ? `AND e.qr_code_id = ${p(f.qrCodeId, "::int")}` : ""}`;
}

/**
 * The account's recorded events over whole local days [from, to], oldest first, their times in the
 * account's zone, read through a
 * cursor a page at a time: memory stays bounded however many rows there are.
 */
export async function* streamEvents(input: Range & { limit: number }): AsyncGenerator<RawEvent[]> {
  const { values, p } = sqlParams();
  // The local time is worked out by PostgreSQL, row by row as the cursor reads: nothing to convert in Node.
  const text = `SELECT to_char(e.occurred_at AT TIME ZONE ${p(input.timeZone)}, 'YYYY-MM-DD HH24:MI:SS') AS local_time, e.kind, e.openid, e.scene, e.qr_code_id, q.name AS qr_code, ch.name AS channel, cp.name AS campaign, e.code_state
      ${eventsInRange(input, p)}
     ORDER BY e.occurred_at, e.id
     LIMIT ${p(input.limit, "::int")}`;
  const client = await pool().connect();
  const cursor = client.query(new Cursor(text, values));
  try {
    for (;;) {
      const rows = await cursor.read(PAGE_ROWS);
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        localTime: r.local_time,
        kind: r.kind,
        openid: r.openid,
        scene: r.scene,
        qrCodeId: r.qr_code_id,
        qrCode: r.qr_code,
        channel: r.channel,
        campaign: r.campaign,
        codeState: r.code_state,
      }));
    }
  } finally {
    await cursor.close().catch(() => {});
    client.release();
  }
}

/** How many events streamEvents would give, up to `limit` (for a progress bar). */
export async function countEvents(input: Range & { limit: number }): Promise<number> {
  const { values, p } = sqlParams();
  const { rows } = await pool().query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 ${eventsInRange(input, p)} LIMIT ${p(input.limit, "::int")}) AS capped`,
    values,
  );
  return Number(rows[0].n);
}
