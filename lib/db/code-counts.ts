import { pool } from "./client";
import { SCAN_KINDS } from "./stats-aggregates";

/** What the codes list shows of each code, of all time: scans, followers it holds now, its last scan. */
export type CodeCounts = { scans: number; followers: number; lastScanAt: string | null };

export const NO_COUNTS: CodeCounts = { scans: 0, followers: 0, lastScanAt: null };

/** The counts a list may sort by: the column that orders them, largest or latest first. */
export type CountSort = "scans" | "followers" | "lastScan";

// One statement, one snapshot: scans are the code's weeks in the statistics plus its events still
// queued for them (an event is in one or the other, never both), so the list needs no fold first;
// followers are the people attributed to the code who still follow; the last scan is the newest
// scan by the events' (qr_code_id, occurred_at) index.
const COUNTS = `
  WITH c AS (SELECT q.id, q.account_id FROM unnest($1::int[]) AS u(id) JOIN qr_codes q ON q.id = u.id),
  folded AS (
    SELECT w.key1 AS id, sum(w.scans) AS scans FROM stats_weeks w
     WHERE w.account_id IN (SELECT DISTINCT account_id FROM c) AND w.slice = 'qr_code' AND w.key1 = ANY($1::int[])
     GROUP BY w.key1
  ), queued AS (
    SELECT e.qr_code_id AS id, count(*) AS scans FROM stats_queue sq
      CROSS JOIN LATERAL (SELECT qr_code_id, kind FROM events WHERE id = sq.event_id OFFSET 0) AS e
     WHERE e.qr_code_id = ANY($1::int[]) AND e.kind IN ${SCAN_KINDS}
     GROUP BY e.qr_code_id
  ), attributed AS (
    SELECT f.qr_code_id AS id, count(*) AS followers FROM followers f
     WHERE f.qr_code_id = ANY($1::int[]) AND f.subscribed
     GROUP BY f.qr_code_id
  )
  SELECT c.id, COALESCE(folded.scans, 0) + COALESCE(queued.scans, 0) AS scans, COALESCE(attributed.followers, 0) AS followers,
         (SELECT e.occurred_at FROM events e
           WHERE e.qr_code_id = c.id AND e.kind IN ${SCAN_KINDS} AND NOT e.test
           ORDER BY e.occurred_at DESC LIMIT 1) AS last_scan_at
    FROM c
    LEFT JOIN folded USING (id) LEFT JOIN queued USING (id) LEFT JOIN attributed USING (id)`;

/** The counts of the codes `ids` (unknown ids are left out). */
export async function countsOfCodes(ids: number[]): Promise<Map<number, CodeCounts>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool().query<{ id: number; scans: string; followers: string; last_scan_at: Date | null }>(COUNTS, [ids]);
  return new Map(
    rows.map((r) => [
      r.id,
      { scans: Number(r.scans), followers: Number(r.followers), lastScanAt: r.last_scan_at?.toISOString() ?? null },
    ]),
  );
}

/** `ids` ordered by a count, largest (or latest) first, never-scanned last; ties newest code first; with the counts. */
export async function sortByCounts(ids: number[], sort: CountSort): Promise<{ ids: number[]; counts: Map<number, CodeCounts> }> {
  const counts = await countsOfCodes(ids);
  const key = (id: number) => {
    const c = counts.get(id) ?? NO_COUNTS;
    return sort === "lastScan" ? (c.lastScanAt ? Date.parse(c.lastScanAt) : Number.NEGATIVE_INFINITY) : c[sort];
  };
  return { ids: [...ids].sort((a, b) => key(b) - key(a) || b - a), counts };
}
