import { pool } from "./client";
import { JOB_SCHEMA } from "@/lib/jobs/boss";
import type { ForwardEventRow } from "@/lib/forwarding/payload";
import type { DeliveryOutcome } from "@/lib/forwarding/deliver";
import type { EventKind } from "@/lib/generated/prisma/enums";
import { FORWARD_RULES } from "@/lib/limits";

// The delivery log of event forwarding: one row per attempt, written by the forward handler.

export type DeliveryAttempt = DeliveryOutcome & {
  endpointId: number;
  payloadId: string;
  type: string;
  jobId: string;
  attempt: number;
};

export async function recordDelivery(a: DeliveryAttempt): Promise<void> {
  await pool().query({
    name: "forward_delivery_insert",
    text: `INSERT INTO forward_deliveries (endpoint_id, payload_id, type, job_id, attempt, delivered, http_status, duration_ms, error)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    values: [a.endpointId, a.payloadId, a.type, a.jobId, a.attempt, a.delivered, a.httpStatus, a.durationMs, a.error],
  });
}

/** Whether this payload already reached this endpoint (a job run again after a crash must not post it twice). */
export async function wasDelivered(endpointId: number, payloadId: string): Promise<boolean> {
  const { rowCount } = await pool().query({
    name: "forward_delivered",
    text: "SELECT 1 FROM forward_deliveries WHERE endpoint_id = $1 AND payload_id = $2 AND delivered LIMIT 1",
    values: [endpointId, payloadId],
  });
  return (rowCount ?? 0) > 0;
}

/** A recorded event with the names of its code, channel and campaign, as they are now; null when it is gone. */
export async function loadForwardEvent(eventId: string): Promise<ForwardEventRow | null> {
  const { rows } = await pool().query<{
    id: string;
    kind: EventKind;
    occurred_at: Date;
    account_id: number;
    app_id: string;
    openid: string;
    scene: string | null;
    code_id: number | null;
    code_name: string | null;
    channel_id: number | null;
    channel_name: string | null;
    campaign_id: number | null;
    campaign_name: string | null;
  }>({
    name: "forward_event",
    text: `SELECT e.id::text, e.kind, e.occurred_at, e.account_id, a.app_id, e.openid, e.scene,
                  q.id AS code_id, q.name AS code_name, ch.id AS channel_id, ch.name AS channel_name,
                  cp.id AS campaign_id, cp.name AS campaign_name
             FROM events e JOIN accounts a ON a.id = e.account_id
             LEFT JOIN qr_codes q ON q.id = e.qr_code_id
             LEFT JOIN channels ch ON ch.id = q.channel_id
             LEFT JOIN campaigns cp ON cp.id = q.campaign_id
            WHERE e.id = $1::bigint`,
    values: [eventId],
  });
  const r = rows[0];
  if (!r) return null;
  const named = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? "" });
  return {
    id: r.id,
    kind: r.kind,
    occurredAt: r.occurred_at,
    accountId: r.account_id,
    appId: r.app_id,
    openid: r.openid,
    scene: r.scene,
    code: named(r.code_id, r.code_name),
    channel: named(r.channel_id, r.channel_name),
    campaign: named(r.campaign_id, r.campaign_name),
  };
}

export async function accountRef(accountId: number): Promise<{ id: number; appId: string } | null> {
  const { rows } = await pool().query<{ app_id: string }>("SELECT app_id FROM accounts WHERE id = $1", [accountId]);
  return rows[0] ? { id: accountId, appId: rows[0].app_id } : null;
}

export type DeliveryLogEntry = {
  id: string;
  payloadId: string;
  type: string;
  attempt: number;
  delivered: boolean;
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
  at: string;
  /** When the queue tries this payload again (its job waits for a retry), else null. */
  nextRetryAt: string | null;
  /** Whether the queue gave up on it (the job failed for good). */
  givenUp: boolean;
};

/** The endpoint's last attempts, newest first, with what the queue will do next with each payload. */
export async function listDeliveries(endpointId: number, limit: number = FORWARD_RULES.logEntries): Promise<DeliveryLogEntry[]> {
  const { rows } = await pool().query<{
    id: string;
    payload_id: string;
    type: string;
    attempt: number;
    delivered: boolean;
    http_status: number | null;
    duration_ms: number;
    error: string | null;
    at: Date;
    job_state: string | null;
    start_after: Date | null;
  }>(
    `SELECT d.id::text, d.payload_id, d.type, d.attempt, d.delivered, d.http_status, d.duration_ms, d.error, d.at,
            j.state::text AS job_state, j.start_after
       FROM forward_deliveries d
       LEFT JOIN ${JOB_SCHEMA}.job j ON j.name = 'forward' AND j.id::text = d.job_id
                                    AND d.id = (SELECT max(id) FROM forward_deliveries WHERE job_id = d.job_id)
      WHERE d.endpoint_id = $1
      ORDER BY d.id DESC
      LIMIT $2`,
    [endpointId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    payloadId: r.payload_id,
    type: r.type,
    attempt: r.attempt,
    delivered: r.delivered,
    httpStatus: r.http_status,
    durationMs: r.duration_ms,
    error: r.error,
    at: r.at.toISOString(),
    nextRetryAt: !r.delivered && r.job_state === "retry" && r.start_after ? r.start_after.toISOString() : null,
    givenUp: !r.delivered && r.job_state === "failed",
  }));
}
