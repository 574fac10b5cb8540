import { pool } from "./client";
import { toReplyView, type ReplyView } from "./replies";
import type { EventKind } from "@/lib/generated/prisma/client";

type ReplyColumns = { type: "text" | "image" | "news"; content: string; media_id: string | null; title: string | null; description: string | null; pic_url: string | null; url: string | null };

function fromJson(row: ReplyColumns | null): ReplyView | null {
  if (!row) return null;
  return toReplyView({ ...row, mediaId: row.media_id, picUrl: row.pic_url });
}

export type SceneTarget = {
  qrCodeId: number | null;
  codeReply: ReplyView | null;
  followReply: ReplyView | null;
  scanReply: ReplyView | null;
};

/**
 * The code a scene belongs to (if any) and every reply that could answer the event, in one query.
 * A digit-only scene matches an integer scene or an identical string scene (creation keeps them apart).
 */
export async function findSceneTarget(accountId: number, scene: string | null): Promise<SceneTarget> {
  const sceneNumber = scene !== null && /^\d{1,19}$/.test(scene) ? scene : null;
  const { rows } = await pool().query<{ qr_code_id: number | null; code_reply: ReplyColumns | null; follow_reply: ReplyColumns | null; scan_reply: ReplyColumns | null }>(
    `SELECT q.id AS qr_code_id, to_jsonb(r) AS code_reply, to_jsonb(fr) AS follow_reply, to_jsonb(sr) AS scan_reply
       FROM accounts a
       LEFT JOIN qr_codes q ON q.account_id = a.id AND q.status = 'active'
                           AND (q.scene_str = $2 OR q.scene_id = $3::bigint)
       LEFT JOIN replies r ON r.id = q.reply_id
       LEFT JOIN replies fr ON fr.id = a.follow_reply_id
       LEFT JOIN replies sr ON sr.id = a.scan_reply_id
      WHERE a.id = $1
      LIMIT 1`,
    [accountId, scene, sceneNumber],
  );
  const row = rows[0];
  return {
    qrCodeId: row?.qr_code_id ?? null,
    codeReply: fromJson(row?.code_reply ?? null),
    followReply: fromJson(row?.follow_reply ?? null),
    scanReply: fromJson(row?.scan_reply ?? null),
  };
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

/**
 * Records one push exactly once, in one statement: the processed key (with the reply it got), the
 * event row and the follower's attribution. An unfollow is counted against the code the follower
 * was attributed to. A retry finds the key taken and gets the first reply back.
 */
export async function recordEvent(e: EventRecord): Promise<{ duplicate: boolean; replyXml: string }> {
  const { rows } = await pool().query<{ recorded: boolean }>(
    `WITH inserted AS (
       INSERT INTO processed_messages (account_id, dedup_key, reply_xml) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1
     ), attributed AS (
       SELECT qr_code_id FROM followers WHERE account_id = $1 AND openid = $4
     ), event AS (
       INSERT INTO events (account_id, qr_code_id, kind, openid, scene, occurred_at, test)
       SELECT $1,
              CASE WHEN $5::text = 'unfollow' THEN (SELECT qr_code_id FROM attributed) ELSE $6::int END,
              $5::text::"EventKind", $4, $7, to_timestamp($8), $9
         FROM inserted WHERE $5::text IS NOT NULL
     ), follower AS (
       INSERT INTO followers (account_id, openid, qr_code_id, subscribed, last_event_at, followed_at, unfollowed_at)
       SELECT $1, $4, $6::int, $5::text <> 'unfollow', to_timestamp($8),
              CASE WHEN $5::text <> 'unfollow' THEN to_timestamp($8) END,
              CASE WHEN $5::text = 'unfollow' THEN to_timestamp($8) END
         FROM inserted WHERE $5::text IN ('scan_subscribe', 'follow', 'unfollow') AND NOT $9
       ON CONFLICT (account_id, openid) DO UPDATE SET
         qr_code_id = CASE WHEN EXCLUDED.subscribed THEN EXCLUDED.qr_code_id ELSE followers.qr_code_id END,
         subscribed = EXCLUDED.subscribed,
         last_event_at = EXCLUDED.last_event_at,
         followed_at = COALESCE(EXCLUDED.followed_at, followers.followed_at),
         unfollowed_at = COALESCE(EXCLUDED.unfollowed_at, followers.unfollowed_at)
       WHERE followers.last_event_at <= EXCLUDED.last_event_at
     )
     SELECT EXISTS (SELECT 1 FROM inserted) AS recorded`,
    [e.accountId, e.dedupKey, e.replyXml, e.openid, e.kind, e.qrCodeId, e.scene, e.occurredAt, e.test],
  );
  if (rows[0].recorded) return { duplicate: false, replyXml: e.replyXml };
  const stored = await pool().query<{ reply_xml: string }>(
    "SELECT reply_xml FROM processed_messages WHERE account_id = $1 AND dedup_key = $2",
    [e.accountId, e.dedupKey],
  );
  return { duplicate: true, replyXml: stored.rows[0]?.reply_xml ?? e.replyXml };
}

/** WeChat retries within seconds; keys older than two days only take space. */
export async function pruneProcessedMessages(olderThanHours = 48): Promise<number> {
  const { rowCount } = await pool().query(
    "DELETE FROM processed_messages WHERE received_at < now() - make_interval(hours => $1)",
    [olderThanHours],
  );
  return rowCount ?? 0;
}
