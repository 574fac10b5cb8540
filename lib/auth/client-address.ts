import { isIP } from "node:net";

/** What a sign-in is counted against when no address can be told (a request that did not pass our server). */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The address a request came from, read from `X-Forwarded-For`. Our own server (lib/server/
 * next-thread.ts) appends the socket's peer to it before Next sees the request, so the last entry is
 * always one we recorded; every entry before it is whatever the peer claimed. `trustedHops` reverse
 * proxies in front of us each appended their own peer, so the client is that many entries further
 * left; 0 (the default) trusts nothing the client sent.
 */
export function clientAddress(forwardedFor: string | string[] | undefined | null, trustedHops: number): string {
  const chain = [forwardedFor ?? ""]
    .flat()
    .join(",")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return UNKNOWN_ADDRESS;
  const entry = chain[Math.max(0, chain.length - 1 - trustedHops)];
  return normalizeAddress(entry) ?? UNKNOWN_ADDRESS;
}

/** An IP address in one spelling (IPv4-mapped IPv6 as IPv4, lower case); null when it is none. */
function normalizeAddress(entry: string): string | null {
  if (entry.length > 64) return null; // no address is longer (an IPv6 zone id could be made so)
  const address = entry.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped && isIP(mapped[1]) === 4) return mapped[1];
  return isIP(address) ? address : null;
}
