import { findLiveTicket, type TicketRecord } from "./tickets";
import { simulateScan, type DeliveryOptions, type DeliveryResult } from "@/lib/scans/simulator";
import { recordSandboxDelivery } from "./interactions";

// The "test scan" of a code the sandbox issued: the scene comes from the sandbox's own ticket
// record, as at WeChat, so what is pushed is exactly what scanning the printed code would push.

export type TicketScanInput = DeliveryOptions & { openid: string; ticket: string; alreadyFollower: boolean; now?: number };

export class TicketScanError extends Error {
  readonly code: "unknown_ticket" | "wrong_account";
  constructor(code: "unknown_ticket" | "wrong_account", message: string) {
    super(message);
    this.name = "TicketScanError";
    this.code = code;
  }
}

export async function simulateScanOfTicket(input: TicketScanInput): Promise<DeliveryResult & { ticket: TicketRecord }> {
  const ticket = await findLiveTicket(input.ticket, input.now ?? Date.now());
  if (!ticket) throw new TicketScanError("unknown_ticket", "the sandbox issued no such ticket, or it has expired");
  if (ticket.appId !== input.account.appId) {
    throw new TicketScanError("wrong_account", `the ticket belongs to ${ticket.appId}, not ${input.account.appId}`);
  }
  const scene = ticket.sceneStr !== null ? { sceneStr: ticket.sceneStr } : { sceneId: ticket.sceneId ?? 0n };
  // The sandbox issued the ticket, so it is the sandbox's user who scans: recorded on its side.
  const onPush = input.onPush ?? recordSandboxDelivery(ticket.appId);
  const result = await simulateScan({ ...input, scene, onPush });
  return { ...result, ticket };
}
