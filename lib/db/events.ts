import type pg from "pg";
import { pool } from "./client";
import { countsUpsert, RETURN_WINDOW_DAYS, SCAN_KINDS, SLICES_OF_CODE } from "./stats-aggregates";
import type { EventKind } from "@/lib/generated/prisma/client";

/** A connection inside the caller's transaction. */
export type Db = pg.ClientBase;

/** pg_advisory_xact_lock(FOLLOWER_LOCK, hash) namespace: one follower's events are recorded one batch at a time. */
const FOLLOWER_LOCK = 0x51_44_46; // "QDF"

/**
 * Begins recording a batch in the caller's transaction: locks each follower (in a fixed order, so
 * batches on several instances never deadlock) so that no two batches read and extend one
 * follower's history at once, and returns the configuration version the batch must be answered with.
 */
export async function lockFollowers(db: Db, followers: { accountId: number; openid: string }[]): Promise<string> {
  const { rows } = await db.query<{ version: string }>({
    name: "lock_followers",
    text: `SELECT (SELECT count(pg_advisory_xact_lock($1, h))
                     FROM (SELECT DISTINCT hashtext(a::text || ':' || o) AS h
                             FROM unnest($2::int[], $3::text[]) AS f(a, o) ORDER BY 1) AS sorted) AS locked,
                  (SELECT version::text FROM config_version) AS version`,
    values: [FOLLOWER_LOCK, followers.map((f) => f.accountId), followers.map((f) => f.openid)],
  });
  return rows[0].version;
}

export type EventRecord = {
  accountId: number;
  dedupKey: string;
  replyXml: string;
  /** null for pushes that are de-duplicated and answered but not counted (messages, other events). */
  kind: EventKind | null;
  openid: string;
  scene: string | null;
  qrCodeId: number | null;
  occurredAt: number; // unix seconds (WeChat's CreateTime)
  /** An operator's test delivery: logged, answered, but neither counted nor attributed. */
  test: boolean;
};

export type Recorded = { duplicate: boolean; replyXml: string };

// The slices of every new event that counts, and for scans what the follower's history says:
// seen earlier the same day / hour in the slice, the previous and the next day they scanned it.
const STATISTICS = `
  counted AS (
    SELECT f.account_id, f.openid, f.kind, f.occurred_at AT TIME ZONE a.time_zone AS local, s.slice, s.key1, s.key2
      FROM fresh f
      JOIN accounts a ON a.id = f.account_id
      JOIN qr_codes q ON q.id = f.qr_code_id
      ${SLICES_OF_CODE}
     WHERE NOT f.test
  ), history AS (
    SELECT n.account_id, n.openid, e.occurred_at AT TIME ZONE a.time_zone AS local, s.slice, s.key1, s.key2
      FROM fresh n
      JOIN accounts a ON a.id = n.account_id
      JOIN events e ON e.account_id = n.account_id AND e.openid = n.openid
                   AND e.occurred_at > n.occurred_at - interval '${RETURN_WINDOW_DAYS + 2} days'
                   AND e.occurred_at < n.occurred_at + interval '${RETURN_WINDOW_DAYS + 2} days'
                   AND e.kind IN ${SCAN_KINDS} AND NOT e.test
      JOIN qr_codes q ON q.id = e.qr_code_id
      ${SLICES_OF_CODE}
     WHERE n.kind IN ${SCAN_KINDS} AND NOT n.test
  ), facts AS (
    SELECT n.account_id, n.slice, n.key1, n.key2, n.local::date AS day, date_trunc('hour', n.local) AS hour,
           COALESCE(bool_or(h.local::date = n.local::date), false) AS seen_day,
           COALESCE(bool_or(date_trunc('hour', h.local) = date_trunc('hour', n.local)), false) AS seen_hour,
           max(h.local::date) FILTER (WHERE h.local::date < n.local::date AND h.local::date >= n.local::date - ${RETURN_WINDOW_DAYS}) AS prev_day,
           min(h.local::date) FILTER (WHERE h.local::date > n.local::date AND h.local::date <= n.local::date + ${RETURN_WINDOW_DAYS}) AS next_day
      FROM counted n
      LEFT JOIN history h ON h.account_id = n.account_id AND h.openid = n.openid
                         AND h.slice = n.slice AND h.key1 = n.key1 AND h.key2 = n.key2
     WHERE n.kind IN ${SCAN_KINDS}
     GROUP BY n.account_id, n.openid, n.slice, n.key1, n.key2, n.local
  ), day_counts AS (
    ${countsUpsert("stats_days", "day", "local::date", "seen_day")}
  ), hour_counts AS (
    ${countsUpsert("stats_hours", "hour", "date_trunc('hour', local)", "seen_hour")}
  ), returns AS (
    -- A first scan of the day links to the previous day; one that lands before a later day
    -- already recorded (a late delivery) takes over that day's link.
    INSERT INTO stats_returns AS t (account_id, slice, key1, key2, day, prev_day, scanners)
    SELECT account_id, slice, key1, key2, day, prev_day, sum(delta)
      FROM (SELECT account_id, slice, key1, key2, day, prev_day, 1 FROM facts WHERE NOT seen_day AND prev_day IS NOT NULL
            UNION ALL
            SELECT account_id, slice, key1, key2, next_day, prev_day, -1 FROM facts
             WHERE NOT seen_day AND prev_day >= next_day - ${RETURN_WINDOW_DAYS}
            UNION ALL
            SELECT account_id, slice, key1, key2, next_day, day, 1 FROM facts WHERE NOT seen_day AND next_day IS NOT NULL
           ) AS d(account_id, slice, key1, key2, day, prev_day, delta)
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(delta) <> 0
     ORDER BY 1, 2, 5, 6, 3, 4
    ON CONFLICT (account_id, slice, day, prev_day, key1, key2) DO UPDATE SET scanners = t.scanners + EXCLUDED.scanners
  )`;

const RECORD_EVENTS = `
  WITH batch AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::boolean[])
      WITH ORDINALITY AS b(account_id, dedup_key, reply_xml, kind, openid, scene, qr_code_id, created, test, n)
  ), inserted AS (
    INSERT INTO processed_messages (account_id, dedup_key, reply_xml)
    SELECT account_id, dedup_key, reply_xml FROM batch
    ON CONFLICT DO NOTHING
    RETURNING account_id, dedup_key
  ), fresh AS (
    -- An unfollow counts against the code the follower was attributed to until now.
    SELECT b.account_id, b.openid, b.kind, b.scene, b.test, to_timestamp(b.created) AS occurred_at,
           CASE WHEN b.kind = 'unfollow' THEN f.qr_code_id ELSE b.qr_code_id END AS qr_code_id
      FROM batch b
      JOIN inserted USING (account_id, dedup_key)
      LEFT JOIN followers f ON f.account_id = b.account_id AND f.openid = b.openid
     WHERE b.kind IS NOT NULL
  ), event AS (
    INSERT INTO events (account_id, qr_code_id, kind, openid, scene, occurred_at, test)
    SELECT account_id, qr_code_id, kind::"EventKind", openid, scene, occurred_at, test FROM fresh
  ), follower AS (
    INSERT INTO followers (account_id, openid, qr_code_id, subscribed, last_event_at, followed_at, unfollowed_at)
    SELECT account_id, openid, qr_code_id, kind <> 'unfollow', occurred_at,
           CASE WHEN kind <> 'unfollow' THEN occurred_at END,
           CASE WHEN kind = 'unfollow' THEN occurred_at END
      FROM fresh WHERE kind IN ('scan_subscribe', 'follow', 'unfollow') AND NOT test
    ON CONFLICT (account_id, openid) DO UPDATE SET
      qr_code_id = CASE WHEN EXCLUDED.subscribed THEN EXCLUDED.qr_code_id ELSE followers.qr_code_id END,
      subscribed = EXCLUDED.subscribed,
      last_event_at = EXCLUDED.last_event_at,
      followed_at = COALESCE(EXCLUDED.followed_at, followers.followed_at),
      unfollowed_at = COALESCE(EXCLUDED.unfollowed_at, followers.unfollowed_at)
    WHERE followers.last_event_at <= EXCLUDED.last_event_at
  ), ${STATISTICS}
  SELECT i.dedup_key IS NOT NULL AS recorded, p.reply_xml AS stored_reply
    FROM batch b
    LEFT JOIN inserted i USING (account_id, dedup_key)
    LEFT JOIN processed_messages p ON i.dedup_key IS NULL AND p.account_id = b.account_id AND p.dedup_key = b.dedup_key
   ORDER BY b.n`;

/**
 * Records a batch of pushes in one statement: each processed key (with the reply it got), the
 * event rows, the followers' attribution and the statistics of every slice they count in. A key
 * already taken is a retry: it gets the first delivery's reply back and changes nothing.
 * Call after lockFollowers in the same transaction, with at most one push per follower.
 */
export async function recordEvents(db: Db, events: EventRecord[]): Promise<Recorded[]> {
  const column = <K extends keyof EventRecord>(key: K) => events.map((e) => e[key]);
  const { rows } = await db.query<{ recorded: boolean; stored_reply: string | null }>({
    name: "record_events",
    text: RECORD_EVENTS,
    values: [
      column("accountId"), column("dedupKey"), column("replyXml"), column("kind"), column("openid"),
      column("scene"), column("qrCodeId"), column("occurredAt"), column("test"),
    ],
  });
  return rows.map((row, i) =>
    row.recorded ? { duplicate: false, replyXml: events[i].replyXml } : { duplicate: true, replyXml: row.stored_reply ?? events[i].replyXml },
  );
}

/** WeChat retries within seconds; keys older than two days only take space. */
export async function pruneProcessedMessages(olderThanHours = 48): Promise<number> {
  const { rowCount } = await pool().query(
    "DELETE FROM processed_messages WHERE received_at < now() - make_interval(hours => $1)",
    [olderThanHours],
  );
  return rowCount ?? 0;
}
