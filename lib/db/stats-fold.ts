import type pg from "pg";
import { pool } from "./client";
import {
  EVENT_COUNTS,
  RETURN_WINDOW_DAYS,
  returnsArrays,
  returnsPosition,
  SCAN_KINDS,
  SLICES_OF_CODE,
  weekOf,
} from "./stats-aggregates";

/** pg_advisory_xact_lock key: one fold (or rebuild) at a time, across every instance. */
export const FOLD_LOCK = 0x51_44_53_46; // "QDSF"
const FOLD_BATCH = 20_000;

// Folds up to $1 queued events into the statistics, in one statement. For the scans it takes,
// each scanner's days (and hours) in each slice are compared with what is already folded — the
// scanner's other events within the window that are not queued: a day new to the scanner adds
// one to that day's distinct scanners, and the links from each day to the scanner's previous day
// in the slice (the `returns` of days and weeks) change by the difference between the day lists
// before and after.
const FOLD = `
  WITH batch AS (
    DELETE FROM stats_queue WHERE event_id IN (SELECT event_id FROM stats_queue ORDER BY event_id LIMIT $1)
    RETURNING event_id
  ), new AS (
    SELECT e.account_id, e.openid, e.kind, e.occurred_at, a.time_zone, e.occurred_at AT TIME ZONE a.time_zone AS local,
           s.slice, s.key1, s.key2
      FROM batch
      -- OFFSET 0 keeps these lookups per row (by index), whatever the planner guesses of the batch's size.
      CROSS JOIN LATERAL (SELECT * FROM events WHERE id = batch.event_id OFFSET 0) AS e
      JOIN accounts a ON a.id = e.account_id
      CROSS JOIN LATERAL (SELECT id, channel_id, campaign_id FROM qr_codes WHERE id = e.qr_code_id OFFSET 0) AS q
      ${SLICES_OF_CODE}
     WHERE NOT e.test
  ), scanners AS (
    SELECT account_id, openid, time_zone,
           min(occurred_at) - interval '${RETURN_WINDOW_DAYS + 2} days' AS since,
           max(occurred_at) + interval '${RETURN_WINDOW_DAYS + 2} days' AS until
      FROM new WHERE kind IN ${SCAN_KINDS} GROUP BY 1, 2, 3
  ), folded AS (
    SELECT DISTINCT h.account_id, h.openid, s.slice, s.key1, s.key2, h.occurred_at AT TIME ZONE sc.time_zone AS local
      FROM scanners sc
      CROSS JOIN LATERAL (
        SELECT id, occurred_at, qr_code_id, account_id, openid FROM events
         WHERE account_id = sc.account_id AND openid = sc.openid AND occurred_at > sc.since AND occurred_at < sc.until
           AND kind IN ${SCAN_KINDS} AND NOT test
        OFFSET 0) AS h
      CROSS JOIN LATERAL (SELECT id, channel_id, campaign_id FROM qr_codes WHERE id = h.qr_code_id OFFSET 0) AS q
      ${SLICES_OF_CODE}
     WHERE NOT EXISTS (SELECT 1 FROM stats_queue sq WHERE sq.event_id = h.id)
  ), scanned AS (
    SELECT DISTINCT account_id, openid, slice, key1, key2, local FROM new WHERE kind IN ${SCAN_KINDS}
  ), old_days AS (
    SELECT DISTINCT f.account_id, f.openid, f.slice, f.key1, f.key2, f.local::date AS day
      FROM folded f WHERE EXISTS (SELECT 1 FROM scanned n WHERE (n.account_id, n.openid, n.slice, n.key1, n.key2) = (f.account_id, f.openid, f.slice, f.key1, f.key2))
  ), new_days AS (
    SELECT account_id, openid, slice, key1, key2, local::date AS day FROM scanned
    EXCEPT SELECT account_id, openid, slice, key1, key2, day FROM old_days
  ), new_hours AS (
    SELECT account_id, openid, slice, key1, key2, date_trunc('hour', local) AS hour FROM scanned
    EXCEPT SELECT account_id, openid, slice, key1, key2, date_trunc('hour', local) FROM folded
  ), after AS (
    SELECT d.*, lag(day) OVER (PARTITION BY account_id, openid, slice, key1, key2 ORDER BY day) AS prev_day
      FROM (SELECT *, false AS new FROM old_days UNION ALL SELECT *, true FROM new_days) AS d
  ), before AS (
    SELECT d.*, lag(day) OVER (PARTITION BY account_id, openid, slice, key1, key2 ORDER BY day) AS prev_day FROM old_days d
  ), link_changes AS (
    SELECT a.account_id, a.slice, a.key1, a.key2, a.day, a.prev_day, 1 AS delta
      FROM after a LEFT JOIN before b USING (account_id, openid, slice, key1, key2, day)
     WHERE a.prev_day >= a.day - ${RETURN_WINDOW_DAYS} AND (a.new OR b.prev_day IS DISTINCT FROM a.prev_day)
    UNION ALL
    SELECT b.account_id, b.slice, b.key1, b.key2, b.day, b.prev_day, -1
      FROM before b JOIN after a USING (account_id, openid, slice, key1, key2, day)
     WHERE b.prev_day >= b.day - ${RETURN_WINDOW_DAYS} AND b.prev_day IS DISTINCT FROM a.prev_day
  ), day_points AS (
    SELECT account_id, slice, key1, key2, day AS bucket, ${returnsPosition("day", "prev_day")} AS pos, delta FROM link_changes
  ), week_points AS (
    SELECT account_id, slice, key1, key2, ${weekOf("day")} AS bucket, ${returnsPosition(weekOf("day"), "prev_day")} AS pos, delta FROM link_changes
  ), day_returns AS (${returnsArrays("day_points")}
  ), week_returns AS (${returnsArrays("week_points")}
  ), ${counts("stats_days", "day", "local::date", "new_days", "day", "day_returns")},
  ${counts("stats_weeks", "week", weekOf("local::date"), "new_days", weekOf("day"), "week_returns")},
  ${counts("stats_hours", "hour", "date_trunc('hour', local)", "new_hours", "hour", null)}
  SELECT count(*) AS folded FROM batch`;

/**
 * Adds to a statistics table, per bucket: the batch's event counts (from `new`, bucketed by
 * `bucketOfLocal`), its new scanners (rows of `fresh`, bucketed by `bucketOfFresh`) and the change
 * to returning scanners (`returns`, already per bucket).
 */
function counts(
  table: string,
  column: string,
  bucketOfLocal: string,
  fresh: string,
  bucketOfFresh: string,
  returns: string | null,
): string {
  const key = "account_id, slice, key1, key2, bucket";
  return `${table}_counts AS (
    INSERT INTO ${table} AS t (account_id, slice, key1, key2, ${column}, scans, new_follows, unfollows, scanners${returns ? ", returns" : ""})
    SELECT k.account_id, k.slice, k.key1, k.key2, k.bucket, COALESCE(c.scans, 0), COALESCE(c.new_follows, 0), COALESCE(c.unfollows, 0),
           COALESCE(f.scanners, 0)${returns ? ", COALESCE(r.returns, '{}')" : ""}
      FROM (SELECT ${key} FROM (SELECT account_id, slice, key1, key2, ${bucketOfLocal} AS bucket FROM new) AS n
            ${returns ? `UNION SELECT ${key} FROM ${returns}` : "GROUP BY 1, 2, 3, 4, 5"}) AS k
      LEFT JOIN (SELECT account_id, slice, key1, key2, ${bucketOfLocal} AS bucket, ${EVENT_COUNTS} FROM new GROUP BY 1, 2, 3, 4, 5) AS c USING (${key})
      LEFT JOIN (SELECT account_id, slice, key1, key2, ${bucketOfFresh} AS bucket, count(*) AS scanners FROM ${fresh} GROUP BY 1, 2, 3, 4, 5) AS f USING (${key})
      ${returns ? `LEFT JOIN ${returns} AS r USING (${key})` : ""}
    ON CONFLICT (account_id, slice, ${column}, key1, key2) DO UPDATE SET
      scans = t.scans + EXCLUDED.scans, new_follows = t.new_follows + EXCLUDED.new_follows,
      unfollows = t.unfollows + EXCLUDED.unfollows, scanners = t.scanners + EXCLUDED.scanners${returns ? ", returns = stats_add(t.returns, EXCLUDED.returns)" : ""}
  )`;
}

/** Folds queued events until none are left, holding the fold lock (`wait`: for it; else give up if taken). */
async function foldQueue(wait: boolean): Promise<number> {
  const client: pg.PoolClient = await pool().connect();
  let total = 0;
  try {
    for (;;) {
      await client.query("BEGIN");
      const { rows } = await client.query<{ locked: boolean }>(
        wait ? "SELECT true AS locked FROM pg_advisory_xact_lock($1)" : "SELECT pg_try_advisory_xact_lock($1) AS locked",
        [FOLD_LOCK],
      );
      if (!rows[0].locked) {
        await client.query("ROLLBACK");
        return total;
      }
      const folded = await client.query<{ folded: string }>({ name: "fold_stats", text: FOLD, values: [FOLD_BATCH] });
      await client.query("COMMIT");
      const n = Number(folded.rows[0].folded);
      total += n;
      if (n < FOLD_BATCH) return total;
    }
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Before statistics are read: everything recorded so far is counted (waits for a fold under way). */
export function foldPending(): Promise<number> {
  return foldQueue(true);
}

/**
 * Folds in the background every `intervalMs`, on whichever instance gets the lock, so reads find
 * little left to fold. Returns a stop function.
 */
export function startFolding(intervalMs = 250, onError: (error: Error) => void = () => {}): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    foldQueue(false)
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
