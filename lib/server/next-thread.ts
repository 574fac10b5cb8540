import http from "node:http";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parentPort, Worker, workerData } from "node:worker_threads";
import { closeServer, settleWithin } from "./graceful";

/**
 * Next.js on a worker thread of the server process, reached over a private Unix socket.
 *
 * Why a thread: once Next has served a request, its AsyncLocalStorage keeps Node's async hooks on
 * for the whole isolate, and every promise and socket operation pays for them. Measured on the
 * webhook (bench/webhook.ts), Next in the same isolate cost about 0.13 ms of server CPU per event,
 * a third of the whole. On a thread of its own Next keeps its hooks to itself: the webhook, on
 * the main thread, never loads Next.
 */
export type NextThreadOptions = { dir: string; hostname: string; port: number };
type Started = { socketPath: string } & NextThreadOptions;

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"]);

/** rawHeaders ([name, value, name, value …]) without the hop-by-hop ones. */
function endToEnd(raw: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) kept.push(raw[i], raw[i + 1]);
  return kept;
}

export type NextThread = {
  /** Hands a request to Next and streams its answer back (backpressure both ways; an abort reaches Next). */
  forward: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  stop: () => Promise<void>;
};

/** Starts Next on a worker thread running `entry` (a module that calls `serveNextThread` when not the main thread). */
export async function startNextThread(entry: URL, opts: NextThreadOptions, log: (line: string) => void): Promise<NextThread> {
  const socketPath = path.join(os.tmpdir(), `qudao-next-${process.pid}.sock`);
  rmSync(socketPath, { force: true });
  const worker = new Worker(entry, { workerData: { ...opts, socketPath } satisfies Started });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", (m) => (m === "ready" ? resolve() : reject(new Error(String(m)))));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the Next.js thread exited (${code}) while starting`)));
  });
  let stopping = false;
  // Without Next nothing but the webhook would answer: better to stop and be restarted.
  worker.on("exit", (code) => {
    if (stopping) return;
    log(`the Next.js thread stopped (${code}); exiting`);
    process.exit(1);
  });
  worker.on("error", (error) => log(`Next.js thread: ${error.stack ?? error.message}`));

  // Each request in flight holds one of these sockets: binding long-polls and event streams hold theirs
  // for up to a minute, and with 256 a burst of them left none for the calls they wait on (the sandbox).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4096, maxFreeSockets: 256 });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    // As a proxy does: the peer we saw is appended, so the last entry is never the client's claim (lib/auth/client-address.ts).
    headers["x-forwarded-for"] = [req.headers["x-forwarded-for"], req.socket.remoteAddress ?? "unknown"]
      .filter(Boolean)
      .join(", ");
    const upstream = http.request({ socketPath, agent, method: req.method, path: req.url, headers }, (answer) => {
      const raw = endToEnd(answer.rawHeaders);
      const reqId = req.headers["x-request-id"];
      if (typeof reqId === "string") raw.push("x-request-id", reqId);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent)
        res.writeHead(502, { "content-type": "text/plain; charset=utf-8" }).end("the dashboard is not answering");
      else res.destroy();
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };

  const stop = async () => {
    stopping = true;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.postMessage("stop");
    await settleWithin(exited, 5_000);
    await worker.terminate();
    agent.destroy();
    rmSync(socketPath, { force: true });
  };
  return { forward, stop };
}

/**
 * A first render of the sign-in page and a health check (which reads the database) before the
 * server says it is ready: the first person to open a page does not wait for code to be compiled
 * and connections to be opened.
 */
async function warmUp(socketPath: string) {
  for (const path of ["/signin", "/api/health"])
    await new Promise<void>((resolve) => {
      http
        .get({ socketPath, path, headers: { host: "localhost" } }, (res) => res.resume().on("end", resolve))
        .on("error", () => resolve());
    });
}

/** The worker thread's side: Next's request handler on the Unix socket, until the main thread says stop. */
export async function serveNextThread(): Promise<void> {
  const { dir, hostname, port, socketPath } = workerData as Started;
  const { default: next } = await import("next");
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000; // the main thread's connections are kept, as its own clients' are
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  await warmUp(socketPath);
  parentPort!.on("message", async (message) => {
    if (message !== "stop") return;
    await closeServer(server);
    await app.close().catch(() => {});
    process.exit(0);
  });
  parentPort!.postMessage("ready");
}
