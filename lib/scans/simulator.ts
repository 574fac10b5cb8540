import { createHash } from "node:crypto";
import type { AccountRecord } from "@/lib/db/accounts";
import type { AccountKeys } from "@/lib/wechat/inbound";
import { PUSH_RULES } from "@/lib/wechat/limits";
import { randomBytes } from "node:crypto";
import { buildEventXml, buildPush, buildTextMessageXml, openReply, type PushedEvent } from "@/lib/wechat/outbound-push";

// What WeChat's servers do when a fan scans a code, follows or unfollows: push the event to the
// account's webhook — signed, and encrypted per the account's message mode — wait 5 s for the
// answer, and try again, 3 attempts in all.
//
// Retries resend the identical request (same query, hence same timestamp/nonce/signature, and same
// body, hence same CreateTime): the webhook must recognise the event by its content, not by a new
// signature. A retry follows when an attempt times out, cannot connect, or gets HTTP 5xx; any
// other answer ends the delivery. Attempts start timeoutMs apart (WeChat's cadence), so a webhook
// failing fast gets the same recovery window as one that hangs.

export type Scene = { sceneId?: number | bigint; sceneStr?: string };

export type DeliveryOptions = {
  account: AccountRecord;
  /** The webhook, e.g. `${origin}/api/wechat/${appId}`; the signed query is appended. */
  webhookUrl: string;
  /** Seconds since the epoch; default now. Kept identical across retries. */
  createTime?: number;
  timeoutMs?: number;
  attempts?: number;
  fetch?: typeof fetch;
  /** Adds parameters to the signed query, e.g. the installation's own test-delivery mark. */
  markQuery?: (query: URLSearchParams) => void;
  /**
   * Told what the follower did before it is pushed (WeChat knows of a scan before its webhook does:
   * follow-up work may call the API while the push is still answered), then what came back. The
   * sandbox records both: lib/sandbox/interactions.ts.
   */
  onPush?: (delivered: Delivered) => Promise<(result: DeliveryResult) => Promise<void>>;
};

/** What a follower did, as the sandbox's side of WeChat records it. */
export type Delivered = {
  openid: string;
  kind: "subscribe" | "scan" | "unsubscribe" | "text";
  at: number /* epoch ms */;
  /** The scene a scan or a follow through a code carried, or the text sent. */
  detail?: string;
};

export type DeliveryResult = {
  attempts: number;
  /** HTTP status of the last answer; 0 when no attempt got one (timeouts, refused connections). */
  status: number;
  /** The passive reply as WeChat reads it ('' also when nothing usable came back; see error). */
  reply: Record<string, string> | "success" | "";
  rawBody: string;
  /** Why the fan would see nothing or "该公众号暂时无法提供服务": no answer, HTTP error, or an unreadable reply. */
  error?: string;
};

export type ScanInput = DeliveryOptions & { openid: string; scene: Scene; ticket: string; alreadyFollower: boolean };
export type FollowInput = DeliveryOptions & { openid: string /** e.g. '' (default) or 'last_trade_no_…' */; eventKey?: string };
export type UnfollowInput = DeliveryOptions & { openid: string };
/** msgId: default a fresh random one; give the same to replay a message as WeChat's retry would. */
export type TextMessageInput = DeliveryOptions & { openid: string; text: string; msgId?: string };

/** The scene as WeChat writes it in EventKey: the decimal integer (unsigned 32-bit) or the string. */
export function sceneKey(scene: Scene): string {
  const hasId = scene.sceneId !== undefined && scene.sceneId !== null;
  const hasStr = scene.sceneStr !== undefined && scene.sceneStr !== null;
  if (hasId === hasStr) throw new TypeError("give exactly one of scene.sceneId and scene.sceneStr");
  if (hasStr) {
    if (typeof scene.sceneStr !== "string" || scene.sceneStr === "")
      throw new TypeError("scene.sceneStr must be a non-empty string");
    return scene.sceneStr;
  }
  const id = scene.sceneId!;
  if (typeof id === "bigint" ? id < 0n : !Number.isSafeInteger(id) || id < 0) {
    throw new TypeError("scene.sceneId must be a non-negative integer");
  }
  return String(id);
}

function keysOf(account: AccountRecord): AccountKeys {
  return { appId: account.appId, token: account.token, encodingAesKey: account.encodingAesKey, mode: account.mode };
}

/** ToUserName: the account's original id (gh_…); a stable stand-in when none was entered. */
function originalIdOf(account: AccountRecord): string {
  return account.originalId || `gh_${createHash("sha1").update(account.appId).digest("hex").slice(0, 12)}`;
}

function checkOpenid(openid: unknown): string {
  if (typeof openid !== "string" || openid === "") throw new TypeError("openid must be a non-empty string");
  return openid;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const KIND_OF_EVENT = { subscribe: "subscribe", SCAN: "scan", unsubscribe: "unsubscribe" } as const;

function deliverEvent(
  opts: DeliveryOptions,
  event: Omit<PushedEvent, "toUser" | "createTime">,
  scene?: string,
): Promise<DeliveryResult> {
  const delivered = {
    openid: event.fromUser,
    kind: KIND_OF_EVENT[event.event],
    ...(scene === undefined ? {} : { detail: scene }),
  };
  return deliver(opts, delivered, (toUser, createTime) => buildEventXml({ ...event, toUser, createTime }));
}

async function deliver(
  opts: DeliveryOptions,
  delivered: Omit<Delivered, "at">,
  build: (toUser: string, createTime: number) => string,
): Promise<DeliveryResult> {
  const answered = await opts.onPush?.({ ...delivered, at: Date.now() });
  const result = await push(opts, build);
  await answered?.(result);
  return result;
}

async function push(opts: DeliveryOptions, build: (toUser: string, createTime: number) => string): Promise<DeliveryResult> {
  const timeoutMs = positiveInt("timeoutMs", opts.timeoutMs ?? PUSH_RULES.replyDeadlineMs);
  const attempts = positiveInt("attempts", opts.attempts ?? PUSH_RULES.attempts);
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const keys = keysOf(opts.account);
  const createTime = opts.createTime ?? Math.floor(Date.now() / 1000);
  const xml = build(originalIdOf(opts.account), createTime);
  const push = buildPush(keys, xml);
  opts.markQuery?.(push.query);
  const url = opts.webhookUrl + (opts.webhookUrl.includes("?") ? "&" : "?") + push.query.toString();

  let status = 0;
  let rawBody = "";
  let error = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const started = Date.now();
    try {
      const response = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "text/xml", "user-agent": "Mozilla/4.0" },
        body: push.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      rawBody = await response.text();
      if (status >= 200 && status < 300) {
        try {
          return { attempts: attempt, status, reply: openReply(keys, rawBody.trim(), keys.mode !== "plain"), rawBody };
        } catch (err) {
          return { attempts: attempt, status, reply: "", rawBody, error: `unreadable reply: ${(err as Error).message}` };
        }
      }
      error = `webhook answered HTTP ${status}`;
      if (status < 500) return { attempts: attempt, status, reply: "", rawBody, error };
    } catch (err) {
      const name = (err as Error).name;
      status = 0;
      rawBody = "";
      error =
        name === "TimeoutError" || name === "AbortError"
          ? `webhook did not answer within ${timeoutMs} ms`
          : `could not reach the webhook: ${(err as Error).message}`;
    }
    if (attempt < attempts) await sleep(Math.max(0, started + timeoutMs - Date.now()));
  }
  return { attempts, status, reply: "", rawBody, error: `${error} (${attempts} attempts)` };
}

/**
 * A fan scans a parameterized code: `subscribe` with EventKey "qrscene_<scene>" and the Ticket for
 * a new follower, `SCAN` with EventKey "<scene>" and the Ticket for an existing one.
 */
export async function simulateScan(input: ScanInput): Promise<DeliveryResult> {
  const scene = sceneKey(input.scene);
  if (typeof input.ticket !== "string" || input.ticket === "") throw new TypeError("ticket must be a non-empty string");
  return deliverEvent(
    input,
    {
      fromUser: checkOpenid(input.openid),
      event: input.alreadyFollower ? "SCAN" : "subscribe",
      eventKey: input.alreadyFollower ? scene : `qrscene_${scene}`,
      ticket: input.ticket,
    },
    scene,
  );
}

/** A follow without a code (search, profile card…): `subscribe` with an empty EventKey, or e.g. "last_trade_no_…". */
export async function simulatePlainFollow(input: FollowInput): Promise<DeliveryResult> {
  const eventKey = input.eventKey ?? "";
  if (eventKey.startsWith("qrscene_")) throw new TypeError("a plain follow has no qrscene_ EventKey; use simulateScan");
  return deliverEvent(input, { fromUser: checkOpenid(input.openid), event: "subscribe", eventKey });
}

/** The fan unfollows: `unsubscribe` (WeChat sends an empty EventKey). */
export async function simulateUnfollow(input: UnfollowInput): Promise<DeliveryResult> {
  return deliverEvent(input, { fromUser: checkOpenid(input.openid), event: "unsubscribe", eventKey: "" });
}

/** A MsgId as WeChat's look: a positive 64-bit integer (about 2^62 today), in decimal. */
export function newMsgId(): string {
  return String((randomBytes(8).readBigUInt64BE() >> 2n) | (1n << 61n));
}

/** A follower sends a text message: MsgType text with Content and a MsgId (what keyword replies answer). */
export async function simulateTextMessage(input: TextMessageInput): Promise<DeliveryResult> {
  const openid = checkOpenid(input.openid);
  if (typeof input.text !== "string" || input.text === "") throw new TypeError("text must be a non-empty string");
  const msgId = input.msgId ?? newMsgId();
  return deliver(input, { openid, kind: "text", detail: input.text }, (toUser, createTime) =>
    buildTextMessageXml({ toUser, fromUser: openid, createTime, content: input.text, msgId }),
  );
}
