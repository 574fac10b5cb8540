import { inTransaction, pool } from "./client";
import { FOLD_LOCK } from "./stats-fold";
import { EVENT_COUNTS, RETURN_WINDOW_DAYS, SCAN_KINDS, SLICES_OF_CODE, type SliceKind } from "./stats-aggregates";

const SLICE_KINDS: SliceKind[] = ["account", "channel", "campaign", "channel_campaign", "qr_code"];

/** The account's counted events in one kind of slice, local time in `local` ($1 account, $2 slice). */
const COUNTED = `SELECT e.openid, e.kind, e.occurred_at AT TIME ZONE a.time_zone AS local, s.key1, s.key2
    FROM events e
    JOIN accounts a ON a.id = e.account_id
    JOIN qr_codes q ON q.id = e.qr_code_id
    ${SLICES_OF_CODE}
   WHERE e.account_id = $1 AND NOT e.test AND s.slice = $2::"StatsSlice"`;

const counts = (table: "stats_days" | "stats_hours", column: "day" | "hour", bucket: string) => `
  WITH counted AS (${COUNTED})
  INSERT INTO ${table} (account_id, slice, key1, key2, ${column}, scans, new_follows, unfollows, scanners)
  SELECT $1, $2::"StatsSlice", key1, key2, ${bucket}, ${EVENT_COUNTS},
         count(DISTINCT openid) FILTER (WHERE kind IN ${SCAN_KINDS})
    FROM counted GROUP BY key1, key2, ${bucket}`;

// Every first scan of a day in a slice, linked to the scanner's previous day in that slice.
const RETURNS = `
  WITH counted AS (${COUNTED}),
  days AS (SELECT DISTINCT key1, key2, openid, local::date AS day FROM counted WHERE kind IN ${SCAN_KINDS}),
  linked AS (SELECT key1, key2, day, lag(day) OVER (PARTITION BY key1, key2, openid ORDER BY day) AS prev_day FROM days)
  INSERT INTO stats_returns (account_id, slice, key1, key2, day, prev_day, scanners)
  SELECT $1, $2::"StatsSlice", key1, key2, day, prev_day, count(*)
    FROM linked WHERE prev_day >= day - ${RETURN_WINDOW_DAYS}
   GROUP BY key1, key2, day, prev_day`;

/**
 * Recomputes an account's statistics from its event log, the source of truth, holding the fold
 * lock: the events it sees leave the fold queue in the same transaction, and those recorded
 * meanwhile stay queued for the next fold. The webhook goes on recording throughout.
 */
export async function rebuildStatistics(accountId: number): Promise<void> {
  await inTransaction(async (db) => {
    await db.query("SELECT pg_advisory_xact_lock($1)", [FOLD_LOCK]);
    await db.query("SET LOCAL work_mem = '256MB'");
    await db.query("DELETE FROM stats_queue q USING events e WHERE e.id = q.event_id AND e.account_id = $1", [accountId]);
    for (const table of ["stats_days", "stats_hours", "stats_returns"])
      await db.query(`DELETE FROM ${table} WHERE account_id = $1`, [accountId]);
    for (const slice of SLICE_KINDS) {
      await db.query(counts("stats_days", "day", "local::date"), [accountId, slice]);
      await db.query(counts("stats_hours", "hour", "date_trunc('hour', local)"), [accountId, slice]);
      await db.query(RETURNS, [accountId, slice]);
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

/** At start: builds the statistics of accounts that have events but none yet. */
export async function buildMissingStatistics(log: (line: string) => void) {
  for (const id of await accountsWithoutStatistics()) {
    log(`building statistics of account ${id} from its events…`);
    await rebuildStatistics(id);
  }
}
