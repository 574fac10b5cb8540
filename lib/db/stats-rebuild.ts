import { inTransaction, pool } from "./client";
import { FOLD_LOCK } from "./stats-fold";
import {
  addRetention,
  COUNTED_KINDS,
  endedCounts,
  endedPosition,
  EVENT_COUNTS,
  FOLLOW_STATE_KINDS,
  PEOPLE_SETS,
  perPeopleSet,
  RETENTION_COLUMNS,
  RETURN_WINDOW_DAYS,
  returnsArrays,
  returnsPosition,
  SLICE_KEYS,
  SLICES_OF_CODE,
  weekOf,
  type SliceKind,
} from "./stats-aggregates";

// Each step reads the account's counted events once, from a temporary copy with the code's
// columns under the names of qr_codes (aliased `q`), so SLICE_KEYS applies to it as it is.
export const COPY_EVENTS = `
  CREATE TEMPORARY TABLE rebuild_events ON COMMIT DROP AS
  SELECT e.openid COLLATE "C" AS openid, e.kind,
         (e.occurred_at AT TIME ZONE a.time_zone)::date AS day, date_trunc('hour', e.occurred_at AT TIME ZONE a.time_zone) AS hour,
         q.id, q.channel_id, q.campaign_id
    FROM events e
    JOIN accounts a ON a.id = e.account_id
    JOIN qr_codes q ON q.id = e.qr_code_id
   WHERE e.account_id = $1 AND NOT e.test AND e.kind IN ${COUNTED_KINDS}`;

const keys = (slice: SliceKind) => `${SLICE_KEYS[slice][0]} AS key1, ${SLICE_KEYS[slice][1]} AS key2`;

const EVENTS = PEOPLE_SETS.map((s) => s.events);

/** A person's event counts per bucket of the slice (hashed, not sorted); in a set's people when they have one of its events. */
const perPerson = (slice: SliceKind, bucket: "day" | "hour") =>
  `SELECT ${keys(slice)}, ${bucket}, openid, ${EVENT_COUNTS} FROM rebuild_events q GROUP BY 1, 2, 3, 4`;

/** Per bucket: the event counts summed, and each set's distinct people as people with its events. */
const bucketCounts = () =>
  [
    ...EVENTS.map((c) => `sum(${c}) AS ${c}`),
    ...PEOPLE_SETS.map((s) => `count(*) FILTER (WHERE ${s.events} > 0) AS ${s.people}`),
  ].join(", ");

const counted = [...EVENTS, ...PEOPLE_SETS.map((s) => s.people)];

export const hourCounts = (slice: SliceKind) => `
  INSERT INTO stats_hours (account_id, slice, key1, key2, hour, ${counted.join(", ")})
  SELECT $1, '${slice}', key1, key2, hour, ${bucketCounts()}
    FROM (${perPerson(slice, "hour")}) AS people
   GROUP BY key1, key2, hour`;

/**
 * The same per person and day, kept for the slice (days, weeks and returning people all read it),
 * with the person's previous day in the slice in each set they are in that day (`prev_<set>`).
 */
export const PEOPLE = (slice: SliceKind) => `
  CREATE TEMPORARY TABLE rebuild_people ON COMMIT DROP AS
  SELECT key1, key2, day, ${EVENTS.join(", ")},
         ${PEOPLE_SETS.map((s) => `CASE WHEN ${s.events} > 0 THEN max(day) FILTER (WHERE ${s.events} > 0) OVER earlier END AS prev_${s.people}`).join(",\n         ")}
    FROM (${perPerson(slice, "day")}) AS people
  WINDOW earlier AS (PARTITION BY key1, key2, openid ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;

export const buckets = (slice: SliceKind, table: "stats_days" | "stats_weeks", column: "day" | "week", bucket: string) => `
  WITH counts AS (
    SELECT key1, key2, ${bucket} AS bucket, ${bucketCounts()} FROM rebuild_people GROUP BY 1, 2, 3
  ), points AS (
    SELECT $1::int AS account_id, '${slice}'::"StatsSlice" AS slice, key1, key2, g.grp, ${bucket} AS bucket,
           ${returnsPosition(bucket, "g.prev_day")} AS pos, count(*) AS delta
      FROM rebuild_people
      CROSS JOIN LATERAL (VALUES ${PEOPLE_SETS.map((s, grp) => `(${grp}, prev_${s.people})`).join(", ")}) AS g(grp, prev_day)
     WHERE g.prev_day >= day - ${RETURN_WINDOW_DAYS} GROUP BY 1, 2, 3, 4, 5, 6, 7
  )
  INSERT INTO ${table} (account_id, slice, key1, key2, ${column}, ${counted.join(", ")}, ${PEOPLE_SETS.map((s) => s.returns).join(", ")})
  SELECT $1, '${slice}', c.key1, c.key2, c.bucket, ${counted.map((col) => `c.${col}`).join(", ")},
         ${PEOPLE_SETS.map((s) => `COALESCE(r.${s.returns}, '{}')`).join(", ")}
    FROM counts c
    LEFT JOIN (SELECT key1, key2, bucket, ${perPeopleSet("returns", (g) => `max(returns) FILTER (WHERE grp = ${g})`)}
                 FROM (${returnsArrays("points")}) AS a GROUP BY 1, 2, 3) AS r USING (key1, key2, bucket)`;

/**
 * An account's retention (see the fold's RETENTION) from its event log: each follow through a code
 * and the person's next follow or unfollow, when that is an unfollow. `folded`: only events the fold
 * has counted (not queued), when other statistics stay as they are; `slice` and `codes` (SQL over
 * the code, `q`): only that slice of those codes, for a recount.
 */
export const retentionCounts = ({ folded, slice, codes }: { folded: boolean; slice?: SliceKind; codes?: string }) => `
  WITH follows AS (
    SELECT e.qr_code_id, (e.occurred_at AT TIME ZONE a.time_zone)::date AS day,
           CASE WHEN e.next_kind = 'unfollow' THEN ${endedPosition("e.next_at - e.occurred_at")} END AS pos
      FROM (SELECT qr_code_id, kind, occurred_at, lead(kind) OVER w AS next_kind, lead(occurred_at) OVER w AS next_at
              FROM events
             WHERE account_id = $1 AND NOT test AND kind IN ${FOLLOW_STATE_KINDS}
               ${folded ? "AND NOT EXISTS (SELECT 1 FROM stats_queue sq WHERE sq.event_id = events.id)" : ""}
            WINDOW w AS (PARTITION BY openid ORDER BY occurred_at, id)) AS e
      JOIN accounts a ON a.id = $1
     WHERE e.kind = 'scan_subscribe'
  ), sliced AS (
    SELECT $1::int AS account_id, s.slice, s.key1, s.key2, f.day, f.pos
      FROM follows f JOIN qr_codes q ON q.id = f.qr_code_id
      ${slice ? `CROSS JOIN LATERAL (SELECT '${slice}'::"StatsSlice", ${keys(slice)}) AS s(slice, key1, key2)` : SLICES_OF_CODE}
     WHERE ${codes ?? "true"}
  ), days AS (
    INSERT INTO stats_retention (account_id, slice, key1, key2, day, ${RETENTION_COLUMNS.join(", ")})
    SELECT account_id, slice, key1, key2, day, count(*), ${endedCounts("pos")} FROM sliced GROUP BY 1, 2, 3, 4, 5
    RETURNING *
  )
  ${addRetention("stats_retention_weeks", "week", "days", weekOf("day"))}`;

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
    for (const table of ["stats_days", "stats_weeks", "stats_hours", "stats_retention", "stats_retention_weeks"])
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
    log("  retention");
    await db.query(retentionCounts({ folded: false }), [accountId]);
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

/** Accounts with statistics and follows through a code but no retention yet (kept since migration 20261206090000_retention, emptied by 20261207090000_retention_columns). */
async function accountsWithoutRetention(): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(
    `SELECT a.id FROM accounts a
      WHERE EXISTS (SELECT 1 FROM stats_days d WHERE d.account_id = a.id AND d.new_follows > 0)
        AND NOT EXISTS (SELECT 1 FROM stats_retention r WHERE r.account_id = a.id)
      ORDER BY a.id`,
  );
  return rows.map((r) => r.id);
}

/** An account's retention from the events the fold has counted, holding the fold lock so none are folded meanwhile. */
async function buildRetention(accountId: number): Promise<void> {
  await inTransaction(async (db) => {
    await db.query("SELECT pg_advisory_xact_lock($1)", [FOLD_LOCK]);
    await db.query("SET LOCAL work_mem = '512MB'");
    await db.query(retentionCounts({ folded: true }), [accountId]);
  });
}

/** At start: builds the statistics of accounts that have events but none yet (minutes per 10 million events). */
export async function buildMissingStatistics(log: (line: string) => void) {
  for (const id of await accountsWithoutRetention()) {
    log(`building the retention statistics of account ${id} from its events…`);
    await buildRetention(id);
  }
  for (const id of await accountsWithoutStatistics()) {
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM events WHERE account_id = $1", [id]);
    log(
      `building the statistics of account ${id} from its ${Number(rows[0].n).toLocaleString("en")} events (about a minute per million)…`,
    );
    await rebuildStatistics(id, (slice) => log(`  statistics by ${slice}`));
  }
}
