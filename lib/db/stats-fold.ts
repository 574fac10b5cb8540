import type pg from "pg";
import { pool } from "./client";
import {
  addRetention,
  COUNTED_KINDS,
  endedCounts,
  endedPosition,
  EVENT_COUNTS,
  FOLLOW_STATE_KINDS,
  PEOPLE_OF_EVENT,
  PEOPLE_SETS,
  perPeopleSet,
  RETENTION_COLUMNS,
  RETURN_WINDOW_DAYS,
  returnsArrays,
  returnsPosition,
  SLICES_OF_CODE,
  weekOf,
} from "./stats-aggregates";

/** pg_advisory_xact_lock key: one fold (or rebuild) at a time, across every instance. */
export const FOLD_LOCK = 0x51_44_53_46; // "QDSF"
const FOLD_BATCH = 20_000;

// Retention (lib/stats/retention.ts): each follow through a code is paired with the unfollow that
// ends it (the person's next follow or unfollow, when it is an unfollow), and the pair is counted by
// the fold of whichever of the two is folded last: an unfollow of the batch ends the follow before
// it when that one is folded already or in the batch; a follow of the batch is ended by an unfollow
// folded already. Events not queued (plain follows, unfollows of people no code brought) count as folded.
const RETENTION = `
  batch_follow_states AS (
    SELECT id, qr_code_id, account_id, openid, kind, occurred_at FROM new
     WHERE slice = 'account' AND kind IN ('scan_subscribe', 'unfollow')
  ), ended_follows AS (
    SELECT f.qr_code_id, f.account_id, f.occurred_at AS followed_at, u.occurred_at - f.occurred_at AS length
      FROM batch_follow_states u
      CROSS JOIN LATERAL (
        SELECT id, kind, qr_code_id, account_id, occurred_at FROM events
         WHERE account_id = u.account_id AND openid = u.openid AND kind IN ${FOLLOW_STATE_KINDS} AND NOT test
           AND (occurred_at, id) < (u.occurred_at, u.id)
         ORDER BY occurred_at DESC, id DESC LIMIT 1) AS f
     WHERE u.kind = 'unfollow' AND f.kind = 'scan_subscribe'
       AND (EXISTS (SELECT 1 FROM batch b WHERE b.event_id = f.id) OR NOT EXISTS (SELECT 1 FROM stats_queue sq WHERE sq.event_id = f.id))
    UNION ALL
    SELECT f.qr_code_id, f.account_id, f.occurred_at, u.occurred_at - f.occurred_at
      FROM (SELECT * FROM batch_follow_states WHERE kind = 'scan_subscribe') AS f
      CROSS JOIN LATERAL (
        SELECT id, kind, occurred_at FROM events
         WHERE account_id = f.account_id AND openid = f.openid AND kind IN ${FOLLOW_STATE_KINDS} AND NOT test
           AND (occurred_at, id) > (f.occurred_at, f.id)
         ORDER BY occurred_at, id LIMIT 1) AS u
     WHERE u.kind = 'unfollow' AND NOT EXISTS (SELECT 1 FROM stats_queue sq WHERE sq.event_id = u.id)
  ), ended_points AS (
    SELECT e.account_id, s.slice, s.key1, s.key2, (e.followed_at AT TIME ZONE a.time_zone)::date AS bucket,
           ${endedPosition("e.length")} AS pos
      FROM ended_follows e
      JOIN accounts a ON a.id = e.account_id
      CROSS JOIN LATERAL (SELECT id, channel_id, campaign_id FROM qr_codes WHERE id = e.qr_code_id OFFSET 0) AS q
      ${SLICES_OF_CODE}
  ), ended_counts AS (
    SELECT account_id, slice, key1, key2, bucket, ${endedCounts("pos")} FROM ended_points GROUP BY 1, 2, 3, 4, 5
  ), follow_counts AS (
    SELECT account_id, slice, key1, key2, local::date AS bucket, count(*) AS follows FROM new WHERE kind = 'scan_subscribe' GROUP BY 1, 2, 3, 4, 5
  ), retention_counts AS (
    SELECT account_id, slice, key1, key2, bucket, ${RETENTION_COLUMNS.map((c) => `COALESCE(${c}, 0) AS ${c}`).join(", ")}
      FROM follow_counts f FULL JOIN ended_counts r USING (account_id, slice, key1, key2, bucket)
  ), retention_days AS (${addRetention("stats_retention", "day", "retention_counts", "bucket")}
  ), retention_weeks AS (${addRetention("stats_retention_weeks", "week", "retention_counts", weekOf("bucket"))}
  )`;

// Folds up to $1 queued events into the statistics, in one statement. For each people set an event
// puts its openid in (scanners, followers, unfollowers: PEOPLE_SETS, `grp`), the person's days (and
// hours) in each slice are compared with what is already folded — the person's other events within
// the window that are not queued: a day new to the person adds one to that day's distinct people of
// the set, and the links from each day to the person's previous day in the slice (the set's
// `returns` of days and weeks) change by the difference between the day lists before and after.
const FOLD = `
  WITH batch AS (
    DELETE FROM stats_queue WHERE event_id IN (SELECT event_id FROM stats_queue ORDER BY event_id LIMIT $1)
    RETURNING event_id
  ), new AS (
    SELECT e.id, e.qr_code_id, e.account_id, e.openid, e.kind, e.occurred_at, a.time_zone, e.occurred_at AT TIME ZONE a.time_zone AS local,
           s.slice, s.key1, s.key2
      FROM batch
      -- OFFSET 0 keeps these lookups per row (by index), whatever the planner guesses of the batch's size.
      CROSS JOIN LATERAL (SELECT * FROM events WHERE id = batch.event_id OFFSET 0) AS e
      JOIN accounts a ON a.id = e.account_id
      CROSS JOIN LATERAL (SELECT id, channel_id, campaign_id FROM qr_codes WHERE id = e.qr_code_id OFFSET 0) AS q
      ${SLICES_OF_CODE}
     WHERE NOT e.test
  ), seen AS (
    SELECT DISTINCT n.account_id, n.openid, g.grp, n.slice, n.key1, n.key2, n.local FROM new n ${PEOPLE_OF_EVENT("n.kind")}
  ), people AS (
    SELECT account_id, openid, time_zone, array_agg(DISTINCT g.grp) AS grps,
           min(occurred_at) - interval '${RETURN_WINDOW_DAYS + 2} days' AS since,
           max(occurred_at) + interval '${RETURN_WINDOW_DAYS + 2} days' AS until
      FROM new n ${PEOPLE_OF_EVENT("n.kind")} GROUP BY 1, 2, 3
  ), folded AS (
    SELECT DISTINCT h.account_id, h.openid, g.grp, s.slice, s.key1, s.key2, h.occurred_at AT TIME ZONE p.time_zone AS local
      FROM people p
      CROSS JOIN LATERAL (
        SELECT id, kind, occurred_at, qr_code_id, account_id, openid FROM events
         WHERE account_id = p.account_id AND openid = p.openid AND occurred_at > p.since AND occurred_at < p.until
           AND kind IN ${COUNTED_KINDS} AND NOT test
        OFFSET 0) AS h
      ${PEOPLE_OF_EVENT("h.kind")} AND g.grp = ANY(p.grps)
      CROSS JOIN LATERAL (SELECT id, channel_id, campaign_id FROM qr_codes WHERE id = h.qr_code_id OFFSET 0) AS q
      ${SLICES_OF_CODE}
     WHERE NOT EXISTS (SELECT 1 FROM stats_queue sq WHERE sq.event_id = h.id)
  ), old_days AS (
    SELECT DISTINCT f.account_id, f.openid, f.grp, f.slice, f.key1, f.key2, f.local::date AS day
      FROM folded f
     WHERE EXISTS (SELECT 1 FROM seen n WHERE (n.account_id, n.openid, n.grp, n.slice, n.key1, n.key2) = (f.account_id, f.openid, f.grp, f.slice, f.key1, f.key2))
  ), new_days AS (
    SELECT account_id, openid, grp, slice, key1, key2, local::date AS day FROM seen
    EXCEPT SELECT account_id, openid, grp, slice, key1, key2, day FROM old_days
  ), new_hours AS (
    SELECT account_id, openid, grp, slice, key1, key2, date_trunc('hour', local) AS hour FROM seen
    EXCEPT SELECT account_id, openid, grp, slice, key1, key2, date_trunc('hour', local) FROM folded
  ), after AS (
    SELECT d.*, lag(day) OVER (PARTITION BY account_id, openid, grp, slice, key1, key2 ORDER BY day) AS prev_day
      FROM (SELECT *, false AS new FROM old_days UNION ALL SELECT *, true FROM new_days) AS d
  ), before AS (
    SELECT d.*, lag(day) OVER (PARTITION BY account_id, openid, grp, slice, key1, key2 ORDER BY day) AS prev_day FROM old_days d
  ), link_changes AS (
    SELECT a.account_id, a.grp, a.slice, a.key1, a.key2, a.day, a.prev_day, 1 AS delta
      FROM after a LEFT JOIN before b USING (account_id, openid, grp, slice, key1, key2, day)
     WHERE a.prev_day >= a.day - ${RETURN_WINDOW_DAYS} AND (a.new OR b.prev_day IS DISTINCT FROM a.prev_day)
    UNION ALL
    SELECT b.account_id, b.grp, b.slice, b.key1, b.key2, b.day, b.prev_day, -1
      FROM before b JOIN after a USING (account_id, openid, grp, slice, key1, key2, day)
     WHERE b.prev_day >= b.day - ${RETURN_WINDOW_DAYS} AND b.prev_day IS DISTINCT FROM a.prev_day
  ), day_points AS (
    SELECT account_id, slice, key1, key2, grp, day AS bucket, ${returnsPosition("day", "prev_day")} AS pos, delta FROM link_changes
  ), week_points AS (
    SELECT account_id, slice, key1, key2, grp, ${weekOf("day")} AS bucket, ${returnsPosition(weekOf("day"), "prev_day")} AS pos, delta
      FROM link_changes
  ), day_returns AS (${returnsArrays("day_points")}
  ), week_returns AS (${returnsArrays("week_points")}
  ), ${counts("stats_days", "day", "local::date", "new_days", "day", "day_returns")},
  ${counts("stats_weeks", "week", weekOf("local::date"), "new_days", weekOf("day"), "week_returns")},
  ${counts("stats_hours", "hour", "date_trunc('hour', local)", "new_hours", "hour", null)},
  ${RETENTION}
  SELECT count(*) AS folded FROM batch`;

/**
 * Adds to a statistics table, per bucket: the batch's event counts (from `new`, bucketed by
 * `bucketOfLocal`), its people new to the bucket in each set (rows of `fresh`, bucketed by
 * `bucketOfFresh`) and the change to each set's returning people (`returns`, already per bucket and set).
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
  const events = PEOPLE_SETS.map((s) => s.events);
  const people = PEOPLE_SETS.map((s) => s.people);
  const arrays = returns ? PEOPLE_SETS.map((s) => s.returns) : [];
  const added = [...events, ...people, ...arrays];
  return `${table}_counts AS (
    INSERT INTO ${table} AS t (account_id, slice, key1, key2, ${column}, ${added.join(", ")})
    SELECT k.account_id, k.slice, k.key1, k.key2, k.bucket, ${[
      ...events.map((c) => `COALESCE(c.${c}, 0)`),
      ...people.map((c) => `COALESCE(f.${c}, 0)`),
      ...arrays.map((c) => `COALESCE(r.${c}, '{}')`),
    ].join(", ")}
      FROM (SELECT ${key} FROM (SELECT account_id, slice, key1, key2, ${bucketOfLocal} AS bucket FROM new) AS n
            ${returns ? `UNION SELECT ${key} FROM ${returns}` : "GROUP BY 1, 2, 3, 4, 5"}) AS k
      LEFT JOIN (SELECT account_id, slice, key1, key2, ${bucketOfLocal} AS bucket, ${EVENT_COUNTS} FROM new GROUP BY 1, 2, 3, 4, 5) AS c USING (${key})
      LEFT JOIN (SELECT account_id, slice, key1, key2, ${bucketOfFresh} AS bucket, ${perPeopleSet("people", (g) => `count(*) FILTER (WHERE grp = ${g})`)}
                   FROM ${fresh} GROUP BY 1, 2, 3, 4, 5) AS f USING (${key})
      ${returns ? `LEFT JOIN (SELECT ${key}, ${perPeopleSet("returns", (g) => `max(returns) FILTER (WHERE grp = ${g})`)} FROM ${returns} GROUP BY 1, 2, 3, 4, 5) AS r USING (${key})` : ""}
    ON CONFLICT (account_id, slice, ${column}, key1, key2) DO UPDATE SET
      ${[
        ...[...events, ...people].map((c) => `${c} = t.${c} + EXCLUDED.${c}`),
        ...arrays.map((c) => `${c} = stats_add(t.${c}, EXCLUDED.${c})`),
      ].join(", ")}
  )`;
}

/** Folds queued events until none are left, holding the fold lock (`wait`: for it; else give up if taken). */
async function foldQueue(wait: boolean): Promise<number> {
  const client: pg.PoolClient = await pool().connect();
  // A connection lost between statements is an "error" event (unheard, it ends the process), not a
  // rejected query: noted here, the next query fails and the client is dropped.
  let lost: Error | undefined;
  const onLost = (error: Error) => {
    lost = error;
  };
  client.on("error", onLost);
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
    client.off("error", onLost);
    client.release(lost);
  }
}

/**
 * Before statistics are read: everything recorded so far is counted (waits for a fold under way).
 * An empty queue has nothing to fold; events a fold under way is taking are still queued to us.
 */
export async function foldPending(): Promise<number> {
  const { rows } = await pool().query<{ queued: boolean }>("SELECT EXISTS (SELECT 1 FROM stats_queue) AS queued");
  return rows[0].queued ? foldQueue(true) : 0;
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
