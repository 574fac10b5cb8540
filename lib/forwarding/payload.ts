import type { EventKind } from "@/lib/generated/prisma/enums";

// What a receiver gets: one recorded event as JSON, in the README's words ("Event forwarding").

type Named = { id: number; name: string };

export type ForwardPayload = {
  /** The event's id (X-Qudao-Event-Id); a receiver de-duplicates on it (a delivery may come twice). */
  id: string;
  type: EventKind | "test";
  /** ISO 8601, UTC. */
  occurredAt: string;
  /** Null only in a test event of an endpoint for every account. */
  account: { id: number; appId: string } | null;
  openid: string;
  scene: string | null;
  code: Named | null;
  channel: Named | null;
  campaign: Named | null;
};

/** An event as lib/db/forward-deliveries.ts reads it, with the names of its code, channel and campaign. */
export type ForwardEventRow = {
  id: string;
  kind: EventKind;
  occurredAt: Date;
  accountId: number;
  appId: string;
  openid: string;
  scene: string | null;
  code: Named | null;
  channel: Named | null;
  campaign: Named | null;
};

export function eventPayload(row: ForwardEventRow): ForwardPayload {
  return {
    id: row.id,
    type: row.kind,
    occurredAt: row.occurredAt.toISOString(),
    account: { id: row.accountId, appId: row.appId },
    openid: row.openid,
    scene: row.scene,
    code: row.code,
    channel: row.channel,
    campaign: row.campaign,
  };
}

/** The "send test event" payload: the shape of a scan, marked `test`, about no real follower. */
export function testPayload(id: string, occurredAt: Date, account: { id: number; appId: string } | null): ForwardPayload {
  return {
    id,
    type: "test",
    occurredAt: occurredAt.toISOString(),
    account,
    openid: "o_qudao_test_follower",
    scene: null,
    code: null,
    channel: null,
    campaign: null,
  };
}
