import { inTransaction, pool } from "./client";
import { FOLD_LOCK } from "./stats-fold";
import {
  RETURN_WINDOW_DAYS,
  returnsArrays,
  returnsPosition,
  SCAN_KINDS,
  SLICE_KEYS,
  weekOf,
  type SliceKind,
} from "./stats-aggregates";

// Each step reads the account's counted events once, from a temporary copy with the code's
// columns under the names of qr_codes (aliased `q`), so SLICE_KEYS applies to it as it is.
export const COPY_EVENTS = `
  CREATE TEMPORARY TABLE rebuild_events ON COMMIT DROP AS
  SELECT e.openid COLLATE "C" AS openid, e.kind IN ${SCAN_KINDS} AS scan, e.kind = 'scan_subscribe' AS follow, e.kind = 'unfollow' AS unfollow,
         (e.occurred_at AT TIME ZONE a.time_zone)::date AS day, date_trunc('hour', e.occurred_at AT TIME ZONE a.time_zone) AS hour,
         q.id, q.channel_id, q.campaign_id
    FROM events e
    JOIN accounts a ON a.id = e.account_id
    JOIN qr_codes q ON q.id = e.qr_code_id
   WHERE e.account_id = $1 AND NOT e.test`;

const keys = (slice: SliceKind) => `${SLICE_KEYS[slice][0]} AS key1, ${SLICE_KEYS[slice][1]} AS key2`;

/** Per person first (hashed, not sorted), then per bucket: counts, and distinct scanners as people who scanned. */
export const hourCounts = (slice: SliceKind) => `
  INSERT INTO stats_hours (account_id, slice, key1, key2, hour, scans, new_follows, unfollows, scanners)
  SELECT $1, '${slice}', key1, key2, hour, sum(scans), sum(follows), sum(unfollows), count(*) FILTER (WHERE scans > 0)
    FROM (SELECT ${keys(slice)}, hour, openid,
                 count(*) FILTER (WHERE scan) AS scans, count(*) FILTER (WHERE follow) AS follows, count(*) FILTER (WHERE unfollow) AS unfollows
            FROM rebuild_events q GROUP BY 1, 2, 3, 4) AS people
   GROUP BY key1, key2, hour`;

/**
 * The same per person and day, kept for the slice (days, weeks and returning scanners all read it),
 * with the scanner's previous day in the slice (within the window).
 */
export const PEOPLE = (slice: SliceKind) => `
  CREATE TEMPORARY TABLE rebuild_people ON COMMIT DROP AS
  SELECT key1, key2, day, scans, follows, unfollows,
         CASE WHEN scans > 0 THEN prev_day END AS prev_day
    FROM (SELECT key1, key2, day, scans, follows, unfollows,
                 lag(day) OVER (PARTITION BY key1, key2, openid, scans > 0 ORDER BY day) AS prev_day
            FROM (SELECT ${keys(slice)}, day, openid,
                         count(*) FILTER (WHERE scan) AS scans, count(*) FILTER (WHERE follow) AS follows, count(*) FILTER (WHERE unfollow) AS unfollows
                    FROM rebuild_events q GROUP BY 1, 2, 3, 4) AS people) AS linked`;

export const buckets = (slice: SliceKind, table: "stats_days" | "stats_weeks", column: "day" | "week", bucket: string) => `
  WITH counts AS (
    SELECT key1, key2, ${bucket} AS bucket, sum(scans) AS scans, sum(follows) AS follows, sum(unfollows) AS unfollows,
           count(*) FILTER (WHERE scans > 0) AS scanners
      FROM rebuild_people GROUP BY 1, 2, 3
  ), points AS (
    SELECT $1::int AS account_id, '${slice}'::"StatsSlice" AS slice, key1, key2, ${bucket} AS bucket,
           ${returnsPosition(bucket, "prev_day")} AS pos, count(*) AS delta
      FROM rebuild_people WHERE prev_day >= day - ${RETURN_WINDOW_DAYS} GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO ${table} (account_id, slice, key1, key2, ${column}, scans, new_follows, unfollows, scanners, returns)
  SELECT $1, '${slice}', c.key1, c.key2, c.bucket, c.scans, c.follows, c.unfollows, c.scanners, COALESCE(r.returns, '{}')
    FROM counts c LEFT JOIN (${returnsArrays("points")}) AS r USING (key1, key2, bucket)`;

/**
 * Recomputes an account's statistics from its event log, the source of truth, holding the fold
 * lock: the events it sees leave the fold queue in the same transaction, and those recorded
 * meanwhile stay queued for the next fold. The webhook goes on recording throughout.
 */
export async function rebuildStatistics(accountId: number, log: (line: string) => void = () => {}): Promise<void> {
  await inTransaction(async (db) => {
    await db.query("SELECT pg_advisory_xact_lock($1)", [FOLD_LOCK]);
    await db.query("SET LOCAL work_mem = '512MB'");
    await db.query("DELETE FROM stats_queue q USING events e WHERE e.id = q.event_id AND e.account_id = $1", [accountId]);
    for (const table of ["stats_days", "stats_weeks", "stats_hours"])
      await db.query(`DELETE FROM ${table} WHERE account_id = $1`, [accountId]);
    await db.query(COPY_EVENTS, [accountId]);
    for (const slice of Object.keys(SLICE_KEYS) as SliceKind[]) {
      log(`  ${slice}`);
      await db.query(hourCounts(slice), [accountId]);
      await db.query(PEOPLE(slice));
      await db.query(buckets(slice, "stats_days", "day", "day"), [accountId]);
      await db.query(buckets(slice, "stats_weeks", "week", weekOf("day")), [accountId]);
      await db.query("DROP TABLE rebuild_people");
    }
  });
}

/** Accounts with counted events but no statistics yet (events loaded in bulk, or before statistics were kept). */
export async function accountsWithoutStatistics(): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(
    `SELECT a.id FROM accounts a
      WHERE EXISTS (SELECT 1 FROM events e WHERE e.account_id = a.id AND e.qr_code_id IS NOT NULL AND NOT e.test)
        AND NOT EXISTS (SELECT 1 FROM stats_days d WHERE d.account_id = a.id)
      ORDER BY a.id`,
  );
  return rows.map((r) => r.id);
}

/** At start: builds the statistics of accounts that have events but none yet (minutes per 10 million events). */
export async function buildMissingStatistics(log: (line: string) => void) {
  for (const id of await accountsWithoutStatistics()) {
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM events WHERE account_id = $1", [id]);
    log(
      `building the statistics of account ${id} from its ${Number(rows[0].n).toLocaleString("en")} events (about a minute per million)…`,
    );
    await rebuildStatistics(id, (slice) => log(`  statistics by ${slice}`));
  }
}
