import type pg from "pg";
import { pool } from "./client";
import type { CodeState, EventKind } from "@/lib/generated/prisma/client";

export type EventRecord = {
  accountId: number;
  dedupKey: string;
  replyXml: string;
  /** null for pushes that are de-duplicated and answered but not counted (messages, other events). */
  kind: EventKind | null;
  openid: string;
  scene: string | null;
  qrCodeId: number | null;
  /** The scanned code did not count (archived, outside its schedule): qrCodeId is null, this says why. */
  codeState?: CodeState | null;
  occurredAt: number; // unix seconds (WeChat's CreateTime)
  /** An operator's test delivery: logged, answered, but neither counted nor attributed. */
  test: boolean;
};

/** eventId: the events row a fresh counted push wrote (bigint as text), else null. */
export type Recorded = { duplicate: boolean; replyXml: string; eventId: string | null };

const RECORD_EVENTS = `
  WITH batch AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::boolean[], $11::text[])
      WITH ORDINALITY AS b(account_id, dedup_key, reply_xml, kind, openid, scene, qr_code_id, created, test, code_state, n)
  ), current AS (
    SELECT version FROM config_version
  ), inserted AS (
    -- Nothing is written when the configuration changed since the replies were chosen.
    INSERT INTO processed_messages (account_id, dedup_key, reply_xml)
    SELECT account_id, dedup_key, reply_xml FROM batch WHERE (SELECT version FROM current) = $10::bigint
    ON CONFLICT DO NOTHING
    RETURNING account_id, dedup_key
  ), fresh AS (
    -- An unfollow counts against the code the follower was attributed to until now.
    SELECT b.account_id, b.openid, b.kind, b.scene, b.test, b.code_state, to_timestamp(b.created) AS occurred_at,
           CASE WHEN b.kind = 'unfollow' THEN f.qr_code_id ELSE b.qr_code_id END AS qr_code_id
      FROM batch b
      JOIN inserted USING (account_id, dedup_key)
      -- OFFSET 0 keeps the lookups per row by index, whatever the planner last learnt of the tables' sizes.
      LEFT JOIN LATERAL (SELECT qr_code_id FROM followers
                          WHERE account_id = b.account_id AND openid = b.openid AND b.kind = 'unfollow' OFFSET 0) AS f ON true
     WHERE b.kind IS NOT NULL
  ), event AS (
    INSERT INTO events (account_id, qr_code_id, kind, openid, scene, occurred_at, test, code_state)
    SELECT account_id, qr_code_id, kind::"EventKind", openid, scene, occurred_at, test, code_state::"CodeState" FROM fresh
    RETURNING id, account_id, openid, qr_code_id, test
  ), queued AS (
    INSERT INTO stats_queue (event_id) SELECT id FROM event WHERE qr_code_id IS NOT NULL AND NOT test
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
  )
  SELECT (SELECT version::text FROM current) AS version, i.dedup_key IS NOT NULL AS recorded, p.reply_xml AS stored_reply,
         e.id::text AS event_id
    FROM batch b
    LEFT JOIN inserted i USING (account_id, dedup_key)
    -- A batch holds at most one counted push per follower (lib/webhook/recorder.ts writeOrderKey).
    LEFT JOIN event e ON i.dedup_key IS NOT NULL AND b.kind IS NOT NULL AND e.account_id = b.account_id AND e.openid = b.openid
    LEFT JOIN LATERAL (SELECT reply_xml FROM processed_messages
                        WHERE i.dedup_key IS NULL AND account_id = b.account_id AND dedup_key = b.dedup_key OFFSET 0) AS p ON true
   ORDER BY b.n`;

/**
 * Records a batch of pushes in one statement, its own transaction: each processed key (with the
 * reply it got), the event rows, the followers' attribution, and the events statistics will fold
 * in (stats_queue). A key already taken is a retry: it gets the first delivery's reply back and
 * changes nothing. At most one push per follower in a batch.
 *
 * The replies and codes were chosen at configuration `version`; if that is no longer current,
 * nothing is written and the current version comes back as `stale`, to choose again.
 *
 * With `client` (inside the caller's BEGIN) the write is part of that transaction: the jobs an
 * event causes are enqueued beside it (lib/webhook/recorder.ts).
 */
export async function recordEvents(
  events: EventRecord[],
  version: string,
  client?: pg.ClientBase,
): Promise<Recorded[] | { stale: string }> {
  const column = <K extends keyof EventRecord>(key: K) => events.map((e) => e[key]);
  const { rows } = await (client ?? pool()).query<{
    version: string;
    recorded: boolean;
    stored_reply: string | null;
    event_id: string | null;
  }>({
    name: "record_events",
    text: RECORD_EVENTS,
    values: [
      column("accountId"),
      column("dedupKey"),
      column("replyXml"),
      column("kind"),
      column("openid"),
      column("scene"),
      column("qrCodeId"),
      column("occurredAt"),
      column("test"),
      version,
      events.map((e) => e.codeState ?? null),
    ],
  });
  if (rows[0] && rows[0].version !== version) return { stale: rows[0].version };
  const recorded = rows.map((row, i) =>
    row.recorded
      ? { duplicate: false, replyXml: events[i].replyXml, eventId: row.event_id }
      : { duplicate: true, replyXml: row.stored_reply, eventId: null },
  );
  // A retry that raced its first delivery waited for it to commit, after this statement's snapshot.
  const unseen = events.filter((_, i) => recorded[i].replyXml === null);
  const late = unseen.length ? await storedReplies(unseen, client) : new Map<string, string>();
  return recorded.map((r, i) => ({
    duplicate: r.duplicate,
    eventId: r.eventId,
    replyXml: r.replyXml ?? late.get(`${events[i].accountId}:${events[i].dedupKey}`) ?? "success",
  }));
}

async function storedReplies(events: EventRecord[], client?: pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await (client ?? pool()).query<{ account_id: number; dedup_key: string; reply_xml: string }>(
    `SELECT p.account_id, p.dedup_key, p.reply_xml FROM processed_messages p
       JOIN unnest($1::int[], $2::text[]) AS k(account_id, dedup_key) USING (account_id, dedup_key)`,
    [events.map((e) => e.accountId), events.map((e) => e.dedupKey)],
  );
  return new Map(rows.map((r) => [`${r.account_id}:${r.dedup_key}`, r.reply_xml]));
}

/** WeChat retries within seconds; keys older than two days only take space. */
export async function pruneProcessedMessages(olderThanHours = 48): Promise<number> {
  const { rowCount } = await pool().query(
    "DELETE FROM processed_messages WHERE received_at < now() - make_interval(hours => $1)",
    [olderThanHours],
  );
  return rowCount ?? 0;
}
