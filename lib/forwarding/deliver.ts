import { httpTransport, type ApiTransport } from "@/lib/wechat";
import { config } from "@/lib/config";
import { FORWARD_HEADERS, signForward } from "./signature";
import type { ForwardPayload } from "./payload";

// One attempt to deliver one payload: a signed POST, 2xx within 10 s or it failed (the queue retries).

export const DELIVERY_TIMEOUT_MS = 10_000;
/** We read the receiver's answer only to finish the exchange; its body means nothing to us. */
const ANSWER_MAX_BYTES = 64 * 1024;

export type DeliveryOutcome = { delivered: boolean; httpStatus: number | null; durationMs: number; error: string | null };

let guarded: { allowed: unknown; transport: ApiTransport } | undefined;

/** Endpoints are typed by an admin: public addresses only, unless OUTBOUND_ALLOWED_NETWORKS allows more. */
export function forwardTransport(): ApiTransport {
  const allowed = config().outboundAllowedNetworks;
  if (guarded?.allowed !== allowed)
    guarded = {
      allowed,
      transport: httpTransport({ allowed, allowHint: "; an operator may allow it with OUTBOUND_ALLOWED_NETWORKS" }),
    };
  return guarded.transport;
}

export async function deliver(
  endpoint: { url: string; secret: string },
  payload: ForwardPayload,
  opts: { transport?: ApiTransport; now?: () => number; timeoutMs?: number } = {},
): Promise<DeliveryOutcome> {
  const now = opts.now ?? Date.now;
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(now() / 1000);
  const started = performance.now();
  const duration = () => Math.round(performance.now() - started);
  try {
    const answer = await (opts.transport ?? forwardTransport())({
      method: "POST",
      url: endpoint.url,
      body,
      timeoutMs: opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      maxBytes: ANSWER_MAX_BYTES,
      headers: {
        "user-agent": "Qudao-Forwarding/1",
        [FORWARD_HEADERS.eventId]: payload.id,
        [FORWARD_HEADERS.timestamp]: String(timestamp),
        [FORWARD_HEADERS.signature]: signForward(endpoint.secret, timestamp, body),
      },
    });
    const delivered = answer.status >= 200 && answer.status < 300;
    return {
      delivered,
      httpStatus: answer.status,
      durationMs: duration(),
      error: delivered ? null : `the endpoint answered HTTP ${answer.status}`,
    };
  } catch (error) {
    return { delivered: false, httpStatus: null, durationMs: duration(), error: (error as Error).message.slice(0, 500) };
  }
}
