import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildEventXml, buildPush, openReply, type AccountKeys } from "@/lib/wechat";

// Distinct, increasing CreateTimes (WeChat's are whole seconds), recent enough to be today's.
let clock = Math.floor(Date.now() / 1000) - 600;

/** What WeChat sends: one pushed event to the webhook, signed (and encrypted) per the account's mode. */
export async function push(
  baseUrl: string,
  keys: AccountKeys & { originalId?: string },
  event: { openid: string; event: "subscribe" | "SCAN" | "unsubscribe"; eventKey?: string; ticket?: string; createTime?: number },
) {
  const createTime = event.createTime ?? clock++;
  const xml = buildEventXml({
    toUser: keys.originalId ?? "gh_test",
    fromUser: event.openid,
    createTime,
    event: event.event,
    eventKey: event.eventKey,
    ticket: event.ticket,
  });
  const { query, body } = buildPush(keys, xml);
  const res = await fetch(`${baseUrl}/api/wechat/${keys.appId}?${query}`, {
    method: "POST",
    body,
    headers: { "content-type": "text/xml" },
  });
  const text = await res.text();
  const encrypted = query.get("encrypt_type") === "aes";
  return { status: res.status, text, createTime, reply: res.ok ? openReply(keys, text, encrypted) : null };
}

export async function api(baseUrl: string, token: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
  const type = res.headers.get("content-type") ?? "";
  const body = type.includes("json")
    ? await res.json()
    : type.startsWith("image/png")
      ? Buffer.from(await res.arrayBuffer())
      : await res.text();
  return { status: res.status, body: body as any, headers: res.headers };
}

/**
 * What an app needs in its environment to call a fake WeChat API on 127.0.0.1: an account's API
 * origin may reach no loopback, private or link-local address unless the operator allows it.
 */
export const LOOPBACK_PEERS_ENV = { OUTBOUND_ALLOWED_NETWORKS: "127.0.0.1" } as const;

export type ApiPeer = { base: string; hits: () => number; close: () => Promise<void> };

/** A fake WeChat API origin on 127.0.0.1 answering with `handle`; counts the requests that reach it. */
export async function startApiPeer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<ApiPeer> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
