import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction, Socket } from "node:net";
import { addressBytes, refusedAddress, type AllowedNetworks } from "./outbound-address";

// One HTTP exchange with a WeChat API origin, on node:http(s) so that every guard sits where the
// connection is made: the address is checked after DNS, on each connection (a name that resolves
// to a public address once and to 127.0.0.1 the next time is refused the next time); redirects
// are never followed (the 3xx is the answer); the answer is read up to a size and a deadline.

export type ApiRequest = {
  method: "GET" | "POST";
  url: string;
  body?: string | Buffer;
  /** The body's type; default application/json. */
  contentType?: string;
  timeoutMs: number;
  maxBytes: number;
  /** Sent besides content-type and content-length (forwarded events carry their signature here). */
  headers?: Record<string, string>;
};
export type ApiAnswer = { status: number; text: string };
export type ApiTransport = (request: ApiRequest) => Promise<ApiAnswer>;

export type TransportFailure = "refused_address" | "timeout" | "too_large" | "unreachable";

/** What went wrong, in our words only: nothing the other side sent is quoted. */
export class TransportError extends Error {
  constructor(
    readonly reason: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

/** Every address a host name resolves to. */
export type Resolver = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

export type TransportOptions = {
  /** Connect only to public addresses and these networks; unset: to any address (the app's own sandbox, tests). */
  allowed?: AllowedNetworks;
  /** Added to a refusal: how an operator allows the address. */
  allowHint?: string;
  /** Host name resolution; default the system's (dns.lookup). */
  resolve?: Resolver;
};

const systemResolve: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

const SYSTEM_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
};

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) return "the connection failed";
  return SYSTEM_ERRORS[code] ? `${SYSTEM_ERRORS[code]} (${code})` : `the connection failed (${code})`;
}

function lookupThrough(resolve: Resolver, refuse: (address: string) => TransportError | null): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error as NodeJS.ErrnoException, "", 0);
      const family = typeof options.family === "number" && options.family !== 0 ? options.family : null;
      const candidates = addresses.filter((a) => family === null || a.family === family);
      const refusals = candidates.map((a) => refuse(a.address));
      const usable = candidates.filter((_, i) => refusals[i] === null);
      if (usable.length === 0) {
        const none = Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" });
        return callback(refusals.find((r) => r !== null) ?? none, "", 0);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0].address, usable[0].family);
    });
  };
}

function refuser({ allowed, allowHint = "" }: TransportOptions) {
  return (address: string, host: string): TransportError | null => {
    const why = allowed ? refusedAddress(address, allowed) : null;
    if (!why) return null;
    const named = host === address ? "" : ` (${host})`;
    return new TransportError("refused_address", `refused to connect to ${address}${named}: ${why}${allowHint}`);
  };
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * The refusal a call to `url` would meet now, for telling an admin at once; null when its host may
 * be reached or does not resolve here. Calls are checked again on each connection: this is no guard.
 */
export function checkOrigin(url: string, opts: TransportOptions = {}): Promise<TransportError | null> {
  const refuse = refuser(opts);
  const host = hostOf(new URL(url));
  if (addressBytes(host)) return Promise.resolve(refuse(host, host));
  return new Promise((resolve) =>
    (opts.resolve ?? systemResolve)(host, (error, addresses) => {
      const refusals = error ? [] : addresses.map((a) => refuse(a.address, host));
      resolve(refusals.length > 0 && refusals.every((r) => r !== null) ? refusals[0] : null);
    }),
  );
}

/** The transport the API client uses; with `allowed`, the guard against calls into private networks. */
export function httpTransport(opts: TransportOptions = {}): ApiTransport {
  const refuse = refuser(opts);

  return (req) =>
    new Promise<ApiAnswer>((resolve, reject) => {
      const url = new URL(req.url);
      const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
      if (!client) return reject(new TransportError("unreachable", `${url.protocol} is not http: or https:`));
      const host = hostOf(url);
      if (addressBytes(host)) {
        const refused = refuse(host, host);
        if (refused) return reject(refused);
      }

      const timer = setTimeout(
        () => finish(new TransportError("timeout", `no complete answer within ${req.timeoutMs} ms`)),
        req.timeoutMs,
      );
      let settled = false;
      const finish = (error: Error | null, answer?: ApiAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          request.destroy();
          reject(error instanceof TransportError ? error : new TransportError("unreachable", describe(error)));
        } else resolve(answer!);
      };
      const tooLarge = () => new TransportError("too_large", `the answer is larger than ${req.maxBytes} bytes`);

      const request = client.request(
        url,
        {
          method: req.method,
          agent: false,
          headers: {
            ...req.headers,
            ...(req.body === undefined
              ? {}
              : { "content-type": req.contentType ?? "application/json", "content-length": Buffer.byteLength(req.body) }),
          },
          lookup: lookupThrough(opts.resolve ?? systemResolve, (address) => refuse(address, host)),
        },
        (res) => {
          if (Number(res.headers["content-length"]) > req.maxBytes) return finish(tooLarge());
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > req.maxBytes) return finish(tooLarge());
            chunks.push(chunk);
          });
          res.on("end", () => finish(null, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", (error) => finish(error));
        },
      );
      // The address connected to, checked once more (an IP literal skips the lookup above).
      request.on("socket", (socket: Socket) =>
        socket.once("connect", () => {
          const refused = socket.remoteAddress ? refuse(socket.remoteAddress, host) : null;
          if (refused) finish(refused);
        }),
      );
      request.on("error", (error) => finish(error));
      request.end(req.body);
    });
}
