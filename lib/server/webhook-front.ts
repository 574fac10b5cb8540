import type { IncomingMessage, ServerResponse } from "node:http";
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
  const headers: Record<string, string | number> = { "content-type": contentType, "content-length": Buffer.byteLength(body) };
  if (!req.complete) headers.connection = "close"; // a body too large to drain: do not keep the socket
  res.writeHead(status, headers).end(body);
  if (!req.complete) res.once("finish", () => req.destroy());
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
  const answer =
    req.method === "GET" ? answerVerification(appId, query) : answerPush(appId, query, (limit) => readBody(req, limit));
  answer.then(
    (a) => send(req, res, a),
    (error: Error) => {
      // The event is not recorded: WeChat retries, and a later attempt records it.
      console.error(`[qudao] webhook ${appId}: ${error.message}`);
      send(req, res, { status: 500, body: "please retry", contentType: "text/plain; charset=utf-8" });
    },
  );
  return true;
}
