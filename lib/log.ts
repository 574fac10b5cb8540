import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";
import { config } from "@/lib/config";

let instance: Logger | undefined;

/**
 * The server's log: one JSON object per line on stdout. Fields are chosen where they are logged
 * (never a header, a body or a query string, which can carry secrets); client errors are one
 * line without a stack, server errors carry theirs.
 */
export function log(): Logger {
  instance ??= pino({ level: config().logLevel, base: { pid: process.pid } });
  return instance;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** A caller's own `x-request-id` when it is a plain token, else a fresh one. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The path without its query string: queries may hold secrets (`?secret=`, `?access_token=`). */
export const pathOnly = (url: string | undefined) => (url ?? "/").split("?", 1)[0];
