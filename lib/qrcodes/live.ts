import { findLiveCode, renewLiveTicket, type LiveCode } from "@/lib/db/live-codes";
import { resolveAccount } from "@/lib/db/resolve-account";
import { wechatClientFor } from "@/lib/accounts/wechat-client";
import { LIVE_CODE_RULES } from "@/lib/limits";
import { log } from "@/lib/log";
import { drawScene } from "./drawn-scenes";
import { VisitorLimit } from "./visitor-limit";

/** What a live code shows right now: the QR content, until when it scans, and until when it may be shown. */
export type ShownTicket = {
  code: LiveCode;
  url: string;
  expiresAt: Date;
  /** A page or image showing it should be fetched again by then (caches, the page's own reload). */
  refreshAt: Date;
  /** Drawn for this visit alone (perVisitor): never to be cached or shown to anyone else. */
  perVisit: boolean;
};

const MARGIN_MS = LIVE_CODE_RULES.renewalMarginSeconds * 1000;
/** A per-visit page reloads this long before its ticket ends, so what is on screen always scans. */
const VISIT_RELOAD_AHEAD_MS = 60_000;

const renewing = new Map<number, Promise<LiveCode | null>>();
const visitorLimit = new VisitorLimit();

/**
 * The live code with this slug and its shared ticket, renewed first when it is due (within the
 * renewal margin of its expiry). Renewal is lazy, on the visit that finds it due: a code is only
 * ever seen through these pages and images, so no one sees one that has not been checked, and no
 * background job is needed. Visits in one instance share one renewal; across instances the row lock
 * in renewLiveTicket does the same. If WeChat fails while the old ticket still scans, it is shown.
 */
export async function sharedLiveTicket(slug: string, now = Date.now()): Promise<ShownTicket | null> {
  const code = await findLiveCode(slug);
  return code && sharedTicketOf(code, now);
}

async function sharedTicketOf(found: LiveCode, now = Date.now()): Promise<ShownTicket> {
  let code = found;
  if (code.expiresAt.getTime() - now <= MARGIN_MS) {
    try {
      code = (await renewOnce(code, new Date(now + MARGIN_MS))) ?? code;
    } catch (error) {
      if (code.expiresAt.getTime() <= now) throw error;
      log().warn({ err: error, code: code.id }, "live code renewal failed; the current ticket is shown until it expires");
    }
  }
  const expiresAt = code.expiresAt;
  const refreshAt = new Date(Math.max(now, expiresAt.getTime() - MARGIN_MS));
  return { code, url: code.url, expiresAt, refreshAt, perVisit: false };
}

function renewOnce(code: LiveCode, dueBefore: Date): Promise<LiveCode | null> {
  const pending = renewing.get(code.id);
  if (pending) return pending;
  const renewal = renewLiveTicket(code.id, dueBefore, async (current) => {
    const account = await resolveAccount(current.accountId);
    const issued = await wechatClientFor(account).createQrCode({
      kind: "temporary",
      sceneId: current.sceneId ?? undefined,
      sceneStr: current.sceneId === null ? (current.sceneStr ?? undefined) : undefined,
      expireSeconds: LIVE_CODE_RULES.ticketSeconds,
    });
    return { ticket: issued.ticket, url: issued.url, expireSeconds: issued.expireSeconds ?? LIVE_CODE_RULES.ticketSeconds };
  }).finally(() => renewing.delete(code.id));
  renewing.set(code.id, renewal);
  return renewal;
}

/**
 * What one visit of the live code is shown: for a per-visitor code a ticket of its own, a drawn scene
 * of the code (so its scans count for the code, and no row is written), at most
 * LIVE_CODE_RULES.visitorTicketsPerMinute per client address (VisitorLimitError beyond); otherwise
 * the shared ticket.
 */
export async function liveTicketForVisit(slug: string, clientAddress: string): Promise<ShownTicket | null> {
  const code = await findLiveCode(slug);
  if (!code) return null;
  if (!code.perVisitor) return sharedTicketOf(code);
  visitorLimit.take(clientAddress);
  const account = await resolveAccount(code.accountId);
  const expireSeconds = LIVE_CODE_RULES.visitorTicketSeconds;
  const issued = await wechatClientFor(account).createQrCode({ kind: "temporary", sceneStr: drawScene(code.id), expireSeconds });
  const expiresAt = new Date(Date.now() + (issued.expireSeconds ?? expireSeconds) * 1000);
  return { code, url: issued.url, expiresAt, refreshAt: new Date(expiresAt.getTime() - VISIT_RELOAD_AHEAD_MS), perVisit: true };
}
