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
