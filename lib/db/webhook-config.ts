import { pool } from "./client";
import { toReplyView, type ReplyView } from "./replies";
import { decryptSecret } from "@/lib/secrets-at-rest";
import type { AccountKeys, MessageMode } from "@/lib/wechat";
import type { ReplyType } from "@/lib/generated/prisma/enums";
import { DRAWN_SCENE_PATTERN } from "@/lib/qrcodes/drawn-scenes";
import type { CustomMessage } from "@/lib/wechat";
import { toCustomMessage } from "./follow-ups";
import type { FollowUpMessage } from "@/lib/generated/prisma/client";

/** What the webhook must know of an account before it can read a push. */
export type WebhookAccount = { id: number; keys: AccountKeys };

/** The account's fallbacks: the welcome for plain follows and the default reply of codes without one. */
export type AccountReplies = { follow: ReplyView | null; scan: ReplyView | null };

/**
 * The active code a scene belongs to, with its own reply, and what decides whether a scan counts for
 * it: archived, or its schedule (epoch ms), judged when the scan is recorded (lib/webhook/recorder.ts).
 */
export type SceneTarget = {
  qrCodeId: number;
  reply: ReplyView | null;
  archived: boolean;
  validFrom: number | null;
  validTo: number | null;
  /** WeChat tags a scan gives its follower: the code's, then its channel's (lib/follow-ups/tagging.ts). */
  tags: string[];
  /** The messages sent after the passive reply, and whether a new follower gets the welcome first (lib/follow-ups/sequence.ts). */
  followUps: CustomMessage[];
  welcomeFirst: boolean;
};

/** Everything here is read together with the configuration version it belongs to. */
export type Versioned<T> = { version: string; value: T };

/** A replies row as to_jsonb() gives it, in the webhook's one-query reads. */
export type ReplyColumns = {
  type: ReplyType;
  content: string;
  media_id: string | null;
  title: string | null;
  description: string | null;
  pic_url: string | null;
  url: string | null;
};

export function fromJson(row: ReplyColumns | null): ReplyView | null {
  return row && toReplyView({ ...row, mediaId: row.media_id, picUrl: row.pic_url });
}

type FollowUpColumns = { type: FollowUpMessage["type"] } & Record<string, string | null>;

const fromFollowUpJson = (f: FollowUpColumns) =>
  toCustomMessage({
    type: f.type,
    content: f.content,
    mediaId: f.media_id,
    title: f.title,
    description: f.description,
    url: f.url,
    picUrl: f.pic_url,
    appId: f.app_id,
    pagePath: f.page_path,
    thumbMediaId: f.thumb_media_id,
  });

const VERSION = "(SELECT version::text FROM config_version)";

export async function currentConfigVersion(): Promise<string> {
  const { rows } = await pool().query<{ version: string }>({ name: "config_version", text: `SELECT ${VERSION} AS version` });
  return rows[0].version;
}

export async function loadWebhookAccount(appId: string): Promise<Versioned<WebhookAccount | null>> {
  const { rows } = await pool().query<{
    version: string;
    id: number | null;
    token_enc: string;
    encoding_aes_key_enc: string | null;
    message_mode: MessageMode;
  }>({
    name: "webhook_account",
    text: `SELECT ${VERSION} AS version, a.id, a.token_enc, a.encoding_aes_key_enc, a.message_mode
             FROM (SELECT 1) AS one LEFT JOIN accounts a ON a.app_id = $1`,
    values: [appId],
  });
  const row = rows[0];
  const value =
    row.id === null
      ? null
      : {
          id: row.id,
          keys: {
            appId,
            token: decryptSecret(row.token_enc),
            encodingAesKey: row.encoding_aes_key_enc ? decryptSecret(row.encoding_aes_key_enc) : null,
            mode: row.message_mode,
          },
        };
  return { version: row.version, value };
}

/**
 * The account's fallback replies and the target of each scene (null: no active code has it), in
 * one query. A digit-only scene matches an integer scene or an identical string scene (creation
 * keeps the two apart); a scene Qudao drew (lib/qrcodes/drawn-scenes.ts) matches the code it names.
 */
export async function loadSceneTargets(
  accountId: number,
  scenes: string[],
): Promise<Versioned<{ replies: AccountReplies; scenes: Map<string, SceneTarget | null> }>> {
  const { rows } = await pool().query<{
    version: string;
    scene: string | null;
    qr_code_id: number | null;
    code_reply: ReplyColumns | null;
    archived: boolean | null;
    valid_from: Date | null;
    valid_to: Date | null;
    tags: string[] | null;
    welcome_first: boolean | null;
    follow_ups: FollowUpColumns[] | null;
    follow_reply: ReplyColumns | null;
    scan_reply: ReplyColumns | null;
  }>({
    name: "scene_targets",
    text: `SELECT ${VERSION} AS version, NULL AS scene, NULL::int AS qr_code_id, NULL::jsonb AS code_reply,
                  NULL::boolean AS archived, NULL::timestamptz AS valid_from, NULL::timestamptz AS valid_to,
                  NULL::text[] AS tags, NULL::boolean AS welcome_first, NULL::jsonb AS follow_ups, to_jsonb(fr) AS follow_reply, to_jsonb(sr) AS scan_reply
             FROM accounts a
             LEFT JOIN replies fr ON fr.id = a.follow_reply_id
             LEFT JOIN replies sr ON sr.id = a.scan_reply_id
            WHERE a.id = $1
           UNION ALL
           SELECT NULL, s.scene, q.id, to_jsonb(r), q.archived_at IS NOT NULL, q.valid_from, q.valid_to,
                  q.tags || (SELECT c.tags FROM channels c WHERE c.id = q.channel_id), q.welcome_first,
                  (SELECT jsonb_agg(to_jsonb(f) ORDER BY f.position) FROM follow_up_messages f WHERE f.qr_code_id = q.id),
                  NULL, NULL
             FROM unnest($2::text[]) AS s(scene)
             LEFT JOIN LATERAL (
               SELECT id, reply_id, archived_at, valid_from, valid_to, tags, channel_id, welcome_first FROM qr_codes
                WHERE account_id = $1 AND status = 'active'
                  AND (scene_str = s.scene OR scene_id = CASE WHEN s.scene ~ '^[0-9]{1,18}$' THEN s.scene::bigint END
                       OR id = CASE WHEN s.scene ~ '${DRAWN_SCENE_PATTERN}' THEN split_part(s.scene, '.', 2)::int END)
                ORDER BY id LIMIT 1
             ) AS q ON true
             LEFT JOIN replies r ON r.id = q.reply_id`,
    values: [accountId, scenes],
  });
  const account = rows.find((r) => r.scene === null);
  const targets = rows.filter((r) => r.scene !== null);
  return {
    version: account?.version ?? rows[0]?.version ?? "",
    value: {
      replies: { follow: fromJson(account?.follow_reply ?? null), scan: fromJson(account?.scan_reply ?? null) },
      scenes: new Map(
        targets.map((t) => [
          t.scene ?? "",
          t.qr_code_id === null
            ? null
            : {
                qrCodeId: t.qr_code_id,
                reply: fromJson(t.code_reply),
                archived: t.archived === true,
                validFrom: t.valid_from?.getTime() ?? null,
                validTo: t.valid_to?.getTime() ?? null,
                tags: [...new Set(t.tags ?? [])],
                followUps: (t.follow_ups ?? []).map(fromFollowUpJson),
                welcomeFirst: t.welcome_first === true,
              },
        ]),
      ),
    },
  };
}
