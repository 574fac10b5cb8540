import type { IncomingMessage, ServerResponse } from "node:http";
import { PUSH_ACCEPTANCE } from "@/lib/wechat";
import { log } from "@/lib/log";
import { answerPush, answerVerification, type WebhookAnswer } from "@/lib/webhook/answer";

const WEBHOOK_PATH = /^\/api\/wechat\/([^/?#]+)\/?(?:\?|$)/;

/** Past the limit a body is read and dropped up to this size (so the client reads our 413), then cut off. */
const MAX_DRAIN_BYTES = 8 * 1024 * 1024;

/** Reads at most `limit` bytes of the body; null when it is larger (the excess is never kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_DRAIN_BYTES) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) resolve(null);
    });
    req.on("end", () => resolve(size > limit ? null : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

function send(req: IncomingMessage, res: ServerResponse, { status, body, contentType }: WebhookAnswer) {
  const headers: Record<string, string | number> = {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "x-content-type-options": "nosniff",
  };
  const reqId = req.headers["x-request-id"];
  if (typeof reqId === "string") headers["x-request-id"] = reqId;
  if (!req.complete) headers.connection = "close"; // a body too large to drain: do not keep the socket
  res.writeHead(status, headers).end(body);
  if (!req.complete) res.once("finish", () => req.destroy());
}

const inFlight = new Set<Promise<unknown>>();

function track(answer: Promise<unknown>) {
  const settled = answer.then(
    () => {},
    () => {},
  );
  inFlight.add(settled);
  void settled.then(() => inFlight.delete(settled));
}

/** For shutdown: resolves once every webhook request begun so far has its answer (and its event written), sender gone or not. */
export async function webhookSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

/**
 * WeChat's webhook on plain node:http, ahead of Next in the same process: the same answers as the
 * route handler in app/api/wechat, without Next's request pipeline on the hot path. Returns false
 * for any other request.
 */
export function serveWebhook(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  const match = WEBHOOK_PATH.exec(url);
  if (!match || (req.method !== "GET" && req.method !== "POST")) return false;
  let appId: string;
  try {
    appId = decodeURIComponent(match[1]);
  } catch {
    // Not UTF-8 once decoded: no account has that appId (and Next would answer its own 500).
    send(req, res, { status: 404, body: "unknown appId", contentType: "text/plain; charset=utf-8" });
    return true;
  }
  const at = url.indexOf("?");
  const query = new URLSearchParams(at < 0 ? "" : url.slice(at + 1));
  let answer: Promise<WebhookAnswer>;
  if (req.method === "GET") answer = answerVerification(appId, query);
  else {
    // Read at once, while the account is looked up: a sender that leaves meanwhile (WeChat at its
    // deadline) does not take the body with it, and the event is still recorded for its retry.
    const body = readBody(req, PUSH_ACCEPTANCE.maxBytes);
    body.catch(() => {}); // a body that failed fails the answer, when it is read
    answer = answerPush(
      appId,
      query,
      async (limit) => {
        const bytes = await body;
        return bytes === null || bytes.length > limit ? null : bytes;
      },
      req.headers["content-encoding"],
    );
  }
  track(answer);
  answer.then(
    (a) => send(req, res, a),
    (error: Error) => {
      // The event is not recorded: WeChat retries, and a later attempt records it.
      log().error({ reqId: req.headers["x-request-id"], appId, reason: error.message }, "webhook push not recorded");
      send(req, res, { status: 500, body: "please retry", contentType: "text/plain; charset=utf-8" });
    },
  );
  return true;
}
