import { findIssuedTicket, type TicketRecord } from "./tickets";
import { simulateScan, type DeliveryOptions, type DeliveryResult } from "@/lib/scans/simulator";
import { recordSandboxDelivery } from "./interactions";
import { isFollowing } from "./follow-state";

// The "test scan" of a code the sandbox issued: the scene comes from the sandbox's own ticket
// record, as at WeChat, so what is pushed is exactly what scanning the printed code would push.
// The sandbox also knows whether the scanner follows: a follower's scan is a SCAN, anyone else's a
// subscribe with qrscene_; an expired code shows the scanner WeChat's "expired" page and pushes nothing.

export type TicketScanInput = DeliveryOptions & { openid: string; ticket: string; now?: number };

export type TicketScanErrorCode = "unknown_ticket" | "wrong_account" | "code_expired";

export class TicketScanError extends Error {
  readonly code: TicketScanErrorCode;
  constructor(code: TicketScanErrorCode, message: string) {
    super(message);
    this.name = "TicketScanError";
    this.code = code;
  }
}

export async function simulateScanOfTicket(
  input: TicketScanInput,
): Promise<DeliveryResult & { ticket: TicketRecord; event: "subscribe" | "SCAN" }> {
  const found = await findIssuedTicket(input.ticket, input.now ?? Date.now());
  if (!found) throw new TicketScanError("unknown_ticket", "the sandbox issued no such ticket");
  const { expired, ...ticket } = found;
  if (ticket.appId !== input.account.appId) {
    throw new TicketScanError("wrong_account", `the ticket belongs to ${ticket.appId}, not ${input.account.appId}`);
  }
  if (expired) throw new TicketScanError("code_expired", "the code has expired: WeChat shows the scanner an expired page");
  const scene = ticket.sceneStr !== null ? { sceneStr: ticket.sceneStr } : { sceneId: ticket.sceneId ?? 0n };
  // The sandbox issued the ticket, so it is the sandbox's user who scans: recorded on its side.
  const onPush = input.onPush ?? recordSandboxDelivery(ticket.appId);
  const alreadyFollower = await isFollowing(ticket.appId, input.openid);
  const result = await simulateScan({ ...input, scene, onPush, alreadyFollower });
  return { ...result, ticket, event: alreadyFollower ? "SCAN" : "subscribe" };
}
