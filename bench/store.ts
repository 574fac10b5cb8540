import pg from "pg";
import { dedupKey, normalizeEvent, type AccountKeys } from "@/lib/wechat";

// What the baselines (bare node:http and the wechat middleware) do with an event: the same
// de-duplicated insert Qudao makes, into a schema of their own with the same keys and indexes.

export const SCHEMA = `
CREATE TABLE processed_messages (
  account_id int NOT NULL, dedup_key text NOT NULL, reply_xml text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (account_id, dedup_key));
CREATE INDEX ON processed_messages (received_at);
CREATE TABLE events (
  id bigserial PRIMARY KEY, account_id int NOT NULL, kind text NOT NULL, openid text NOT NULL,
  scene text, occurred_at timestamptz NOT NULL);
CREATE INDEX ON events (account_id, occurred_at);`;

const INSERT = `WITH inserted AS (
    INSERT INTO processed_messages (account_id, dedup_key, reply_xml) VALUES ($1, $2, $3)
    ON CONFLICT DO NOTHING RETURNING 1)
  INSERT INTO events (account_id, kind, openid, scene, occurred_at)
  SELECT $1, $4, $5, $6, to_timestamp($7) FROM inserted`;

/** The accounts and the reply every scan gets, handed to a baseline server through BENCH_CONFIG. */
export type BenchConfig = { accounts: (AccountKeys & { id: number })[]; replyText: string };

export function readConfig(): { config: BenchConfig; pool: pg.Pool; port: number } {
  const config = JSON.parse(process.env.BENCH_CONFIG!) as BenchConfig;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  return { config, pool, port: Number(process.env.PORT) };
}

/** One statement: the processed key and the event row, once. */
export async function record(pool: pg.Pool, accountId: number, fields: Record<string, string>, replyXml: string) {
  const event = normalizeEvent(fields);
  const kind = event.kind === "scan" ? (event.subscribed ? "scan_subscribe" : "scan") : event.kind;
  const scene = event.kind === "scan" ? event.scene : null;
  await pool.query(INSERT, [accountId, dedupKey(fields), replyXml, kind, event.openid, scene, event.createTime]);
}
