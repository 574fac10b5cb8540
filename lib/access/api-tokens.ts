import { createHash, randomBytes } from "node:crypto";

// API tokens: `qd_` + 32 random bytes (base64url, 43 characters). Only the sha256 is stored — a
// token has 256 bits of entropy, so a fast hash is enough — plus a short prefix to recognise it by.
const PREFIX = "qd_";
const TOKEN_PATTERN = /^qd_[A-Za-z0-9_-]{43}$/;
const SHOWN_PREFIX_LENGTH = PREFIX.length + 6;

export type GeneratedApiToken = { token: string; tokenHash: string; prefix: string };

export function generateApiToken(): GeneratedApiToken {
  const token = PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Cheap shape check before touching the database. */
export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
