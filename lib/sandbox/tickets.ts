import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { QR_RULES } from "@/lib/wechat/limits";
import { expireSecondsProblem, sceneIdProblem, sceneStrProblem } from "@/lib/wechat/qr-input";

// qrcode/create as WeChat's servers apply it, and the tickets it hands out.

export const QR_ACTIONS = ["QR_SCENE", "QR_STR_SCENE", "QR_LIMIT_SCENE", "QR_LIMIT_STR_SCENE"] as const;
export type QrAction = (typeof QR_ACTIONS)[number];

const PERMANENT: readonly QrAction[] = ["QR_LIMIT_SCENE", "QR_LIMIT_STR_SCENE"];
const BY_STRING: readonly QrAction[] = ["QR_STR_SCENE", "QR_LIMIT_STR_SCENE"];

export type QrRequest =
  | { permanent: false; actionName: QrAction; sceneId: bigint | null; sceneStr: string | null; expireSeconds: number }
  | { permanent: true; actionName: QrAction; sceneId: bigint | null; sceneStr: string | null };

export type Checked<T> = { ok: true; value: T } | { ok: false; errcode: number };

const fail = (errcode: number) => ({ ok: false as const, errcode });

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The body of qrcode/create checked as WeChat checks it, by WeChat's rules (QR_RULES):
 * 47001 not a JSON object; 40052 unknown action_name; 40053 action_info/scene missing or out of
 * range for the kind; 40097 expire_seconds out of range for a temporary code.
 * Quirks kept: without expire_seconds a temporary code lives 60 s; an integer action without a
 * scene_id gets scene 0 (scanning it pushes "qrscene_0"); permanent codes ignore expire_seconds.
 */
export function parseQrRequest(body: unknown): Checked<QrRequest> {
  if (!isObject(body)) return fail(47001);
  const actionName = body.action_name;
  if (typeof actionName !== "string" || !(QR_ACTIONS as readonly string[]).includes(actionName)) return fail(40052);
  const action = actionName as QrAction;
  const permanent = PERMANENT.includes(action);

  const info = body.action_info;
  if (!isObject(info)) return fail(40053);
  if (info.scene !== undefined && !isObject(info.scene)) return fail(40053);
  const scene = (info.scene ?? {}) as Record<string, unknown>;

  let sceneId: bigint | null = null;
  let sceneStr: string | null = null;
  if (BY_STRING.includes(action)) {
    const value = scene.scene_str;
    if (sceneStrProblem(value)) return fail(40053);
    sceneStr = value as string;
  } else if (scene.scene_id === undefined) {
    sceneId = 0n;
  } else {
    const value = scene.scene_id;
    if (sceneIdProblem(permanent ? "permanent" : "temporary", value)) return fail(40053);
    sceneId = BigInt(value as number);
  }

  if (permanent) return { ok: true, value: { permanent: true, actionName: action, sceneId, sceneStr } };
  const expire = body.expire_seconds ?? QR_RULES.expireSeconds.default;
  if (expireSecondsProblem(expire)) return fail(40097);
  return { ok: true, value: { permanent: false, actionName: action, sceneId, sceneStr, expireSeconds: expire as number } };
}

function newUrl(): string {
  return `http://weixin.qq.com/q/${randomBytes(16).toString("base64url")}`;
}

/**
 * WeChat's tickets are base64 (with "+", "/" and "=") of a small binary record carrying the url.
 * Ours always contain a "+", so a ticket put in a URL without encoding it exactly once is not
 * found by showqrcode — the mistake wechatpy#113 made.
 */
function newTicket(url: string, createdSeconds: number, expireSeconds: number): string {
  const tail = Buffer.alloc(13);
  tail.writeUInt16BE(0x0002, 0);
  tail.writeUInt8(0x04, 2);
  tail.writeUInt32BE(createdSeconds >>> 0, 3);
  tail.writeUInt16BE(0x0304, 7);
  tail.writeUInt32BE(expireSeconds >>> 0, 9);
  for (let attempt = 0; ; attempt++) {
    const head = Buffer.concat([Buffer.from([0x81]), randomBytes(3), Buffer.alloc(8), Buffer.from([0x01, url.length])]);
    const ticket = Buffer.concat([head, Buffer.from(url, "latin1"), tail]).toString("base64");
    if (ticket.includes("+") || attempt >= 200) return ticket;
  }
}

export type IssuedTicket = { ticket: string; url: string; expireSeconds: number | null };

/** Records the ticket. Permanent codes: the same scene gives the same ticket; at most QR_RULES.permanentQuota per app (45029). */
export async function createTicket(appId: string, req: QrRequest, now: number): Promise<Checked<IssuedTicket>> {
  const scene = { sceneId: req.sceneId, sceneStr: req.sceneStr };
  if (!req.permanent) {
    const url = newUrl();
    const ticket = newTicket(url, Math.floor(now / 1000), req.expireSeconds);
    await prisma.sandboxTicket.create({
      data: {
        ticket,
        appId,
        actionName: req.actionName,
        ...scene,
        url,
        createdAt: new Date(now),
        expiresAt: new Date(now + req.expireSeconds * 1000),
      },
    });
    return { ok: true, value: { ticket, url, expireSeconds: req.expireSeconds } };
  }

  return prisma.$transaction(async (tx) => {
    // One permanent creation at a time per app, so the quota holds across instances.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sandbox:qr:${appId}`}))`;
    const existing = await tx.sandboxTicket.findFirst({ where: { appId, actionName: req.actionName, ...scene } });
    if (existing) return { ok: true, value: { ticket: existing.ticket, url: existing.url, expireSeconds: null } };
    const count = await tx.sandboxTicket.count({ where: { appId, actionName: { in: [...PERMANENT] } } });
    if (count >= QR_RULES.permanentQuota) return fail(45029);
    const url = newUrl();
    const ticket = newTicket(url, Math.floor(now / 1000), 0);
    await tx.sandboxTicket.create({
      data: { ticket, appId, actionName: req.actionName, ...scene, url, createdAt: new Date(now), expiresAt: null },
    });
    return { ok: true, value: { ticket, url, expireSeconds: null } };
  });
}

export type TicketRecord = {
  ticket: string;
  appId: string;
  actionName: QrAction;
  permanent: boolean;
  /** The scene as it appears in EventKey: the decimal integer or the string. */
  scene: string;
  sceneId: bigint | null;
  sceneStr: string | null;
  url: string;
  expiresAt: Date | null;
};

/** A ticket the sandbox issued, expired or not (null for one it never issued). */
export async function findIssuedTicket(ticket: string, now: number): Promise<(TicketRecord & { expired: boolean }) | null> {
  if (!ticket) return null;
  const row = await prisma.sandboxTicket.findUnique({ where: { ticket } });
  if (!row) return null;
  const actionName = row.actionName as QrAction;
  return {
    ticket: row.ticket,
    appId: row.appId,
    actionName,
    permanent: PERMANENT.includes(actionName),
    scene: row.sceneStr ?? String(row.sceneId ?? 0n),
    sceneId: row.sceneId,
    sceneStr: row.sceneStr,
    url: row.url,
    expiresAt: row.expiresAt,
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now,
  };
}

/** A ticket the sandbox issued and that has not expired (null otherwise). */
export async function findLiveTicket(ticket: string, now: number): Promise<TicketRecord | null> {
  const found = await findIssuedTicket(ticket, now);
  if (!found || found.expired) return null;
  const { expired: _expired, ...record } = found;
  return record;
}
