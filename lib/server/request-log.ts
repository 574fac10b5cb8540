import type { IncomingMessage, ServerResponse } from "node:http";
import { log, pathOnly, requestIdFor } from "@/lib/log";

const WEBHOOK = "/api/wechat/";

/**
 * Gives the request an id (kept from the caller when it is a plain token), hands it to Next and
 * the client as `x-request-id`, and logs one line when the answer is sent. Answered webhook pushes
 * are `debug` (thousands a second in a campaign); refusals and everything else `info`, 5xx `error`.
 */
export function traceRequest(req: IncomingMessage, res: ServerResponse): void {
  const reqId = requestIdFor(req.headers["x-request-id"]);
  // The answer's writers echo it (next-thread.ts, webhook-front.ts): a header set here would make
  // writeHead merge Next's raw headers one by one, and every Set-Cookie but the last would be lost.
  req.headers["x-request-id"] = reqId;
  const started = performance.now();
  res.once("finish", () => {
    const path = pathOnly(req.url);
    const status = res.statusCode;
    const level = status >= 500 ? "error" : status < 400 && path.startsWith(WEBHOOK) ? "debug" : "info";
    const ms = Math.round((performance.now() - started) * 10) / 10;
    log()[level]({ reqId, method: req.method, path, status, ms }, "request");
  });
}
