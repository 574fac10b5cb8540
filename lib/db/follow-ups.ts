import { pool, prisma } from "./client";
import { recordAudit, type AuditActor } from "./audit";
import type { FollowUpMessage } from "@/lib/generated/prisma/client";
import type { CustomMessage } from "@/lib/wechat";
import type { FollowUpsInput } from "@/lib/validation/follow-ups";

/** A code's follow-up messages as the API shows them. */
export type FollowUps = { welcomeFirst: boolean; messages: CustomMessage[] };

type MessageColumns = Pick<
  FollowUpMessage,
  "type" | "content" | "mediaId" | "title" | "description" | "url" | "picUrl" | "appId" | "pagePath" | "thumbMediaId"
>;

export function toCustomMessage(row: MessageColumns): CustomMessage {
  switch (row.type) {
    case "image":
      return { type: "image", mediaId: row.mediaId ?? "" };
    case "news":
      return {
        type: "news",
        title: row.title ?? "",
        url: row.url ?? "",
        ...(row.description ? { description: row.description } : {}),
        ...(row.picUrl ? { picUrl: row.picUrl } : {}),
      };
    case "miniprogrampage":
      return {
        type: "miniprogrampage",
        title: row.title ?? "",
        appId: row.appId ?? "",
        pagePath: row.pagePath ?? "",
        thumbMediaId: row.thumbMediaId ?? "",
      };
    default:
      return { type: "text", content: row.content ?? "" };
  }
}

function columnsOf(message: CustomMessage): MessageColumns {
  const none = {
    content: null,
    mediaId: null,
    title: null,
    description: null,
    url: null,
    picUrl: null,
    appId: null,
    pagePath: null,
    thumbMediaId: null,
  };
  switch (message.type) {
    case "text":
      return { ...none, type: "text", content: message.content };
    case "image":
      return { ...none, type: "image", mediaId: message.mediaId };
    case "news":
      return {
        ...none,
        type: "news",
        title: message.title,
        url: message.url,
        description: message.description ?? null,
        picUrl: message.picUrl ?? null,
      };
    case "miniprogrampage":
      return {
        ...none,
        type: "miniprogrampage",
        title: message.title,
        appId: message.appId,
        pagePath: message.pagePath,
        thumbMediaId: message.thumbMediaId,
      };
  }
}

/** The code's follow-ups, or null when no active code has this id. */
export async function followUpsOf(qrCodeId: number): Promise<FollowUps | null> {
  const code = await prisma.qrCode.findFirst({
    where: { id: qrCodeId, status: "active" },
    select: { welcomeFirst: true, followUps: { orderBy: { position: "asc" } } },
  });
  return code && { welcomeFirst: code.welcomeFirst, messages: code.followUps.map(toCustomMessage) };
}

/** Replaces the code's follow-up messages and its welcome-first choice, with an audit entry. Null when no such code. */
export async function setFollowUps(qrCodeId: number, input: FollowUpsInput, actor: AuditActor): Promise<FollowUps | null> {
  return prisma.$transaction(async (tx) => {
    const code = await tx.qrCode.findFirst({
      where: { id: qrCodeId, status: "active" },
      select: { name: true, welcomeFirst: true, followUps: { orderBy: { position: "asc" } } },
    });
    if (!code) return null;
    await tx.followUpMessage.deleteMany({ where: { qrCodeId } });
    await tx.followUpMessage.createMany({
      data: input.messages.map((m, i) => ({ qrCodeId, position: i + 1, ...columnsOf(m) })),
    });
    await tx.qrCode.update({ where: { id: qrCodeId }, data: { welcomeFirst: input.welcomeFirst } });
    const after = { welcomeFirst: input.welcomeFirst, messages: input.messages };
    await recordAudit(tx, actor, {
      action: "reply.follow_ups",
      target: { type: "code", id: qrCodeId, label: code.name },
      before: { welcomeFirst: code.welcomeFirst, messages: code.followUps.map(toCustomMessage) },
      after,
    });
    return after;
  });
}

/** Positions of the event's follow-ups already sent. */
export async function deliveredPositions(eventId: string): Promise<Set<number>> {
  const { rows } = await pool().query<{ position: number }>(
    "SELECT position FROM follow_up_deliveries WHERE event_id = $1::bigint AND status = 'sent'",
    [eventId],
  );
  return new Set(rows.map((r) => r.position));
}

export async function recordDelivery(
  eventId: string,
  position: number,
  status: "sent" | "failed",
  errcode: number | null,
  errmsg: string | null,
): Promise<void> {
  await pool().query(
    `INSERT INTO follow_up_deliveries (event_id, position, status, errcode, errmsg) VALUES ($1::bigint, $2, $3, $4, $5)
     ON CONFLICT (event_id, position) DO UPDATE SET status = EXCLUDED.status, errcode = EXCLUDED.errcode, errmsg = EXCLUDED.errmsg, at = now()`,
    [eventId, position, status, errcode, errmsg],
  );
}

export type Delivery = { position: number; status: "sent" | "failed"; errcode: number | null; errmsg: string | null; at: string };

/** What became of an event's follow-ups so far (none yet: an empty list). */
export async function deliveriesOf(eventId: string): Promise<Delivery[]> {
  const { rows } = await pool().query<{
    position: number;
    status: "sent" | "failed";
    errcode: number | null;
    errmsg: string | null;
    at: Date;
  }>(
    "SELECT position, status::text AS status, errcode, errmsg, at FROM follow_up_deliveries WHERE event_id = $1::bigint ORDER BY position",
    [eventId],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** The newest event id now: what a test scan records after it is greater. */
export async function lastEventId(): Promise<string> {
  const { rows } = await pool().query<{ id: string }>("SELECT coalesce(max(id), 0)::text AS id FROM events");
  return rows[0]!.id;
}

/** The event an operator's test scan just recorded (a test on a real account, a counted scan on the sandbox), or null. */
export async function testEventAfter(accountId: number, openid: string, after: string): Promise<string | null> {
  const { rows } = await pool().query<{ id: string }>(
    "SELECT id::text FROM events WHERE id > $3::bigint AND account_id = $1 AND openid = $2 ORDER BY id DESC LIMIT 1",
    [accountId, openid, after],
  );
  return rows[0]?.id ?? null;
}
