import type http from "node:http";

/** Waits for `promise`, but no longer than `ms`. */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
}

/** Stops accepting: requests in flight are answered (up to `graceMs`), idle keep-alive sockets close at once. */
export function closeServer(server: http.Server, graceMs = 5_000): Promise<unknown> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  return settleWithin(closed, graceMs);
}
