import { pool } from "./client";
import type { CodeDetails } from "@/lib/stats/csv";

/** Scene, channel and campaign of the codes `ids` (what per-code rows of the stats CSV add to the name). */
export async function codeDetails(ids: number[]): Promise<Map<number, CodeDetails>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool().query<CodeDetails>(
    `SELECT q.id, COALESCE(q.scene_str, q.scene_id::text) AS scene, ch.name AS channel, cp.name AS campaign
       FROM qr_codes q
       JOIN channels ch ON ch.id = q.channel_id
       LEFT JOIN campaigns cp ON cp.id = q.campaign_id
      WHERE q.id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}
