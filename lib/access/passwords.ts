import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { PASSWORD_LIMITS } from "@/lib/limits";
import { WeakPasswordError } from "./errors";

/** Parameters of new hashes; old hashes keep theirs (encoded in the string), so these may grow. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// A stored hash names its own cost; refuse costs that would let a tampered row exhaust memory or CPU.
const LIMITS = { N: 2 ** 20, r: 32, p: 16 };

type Params = typeof PARAMS;

function derive(password: string, salt: Buffer, keylen: number, { N, r, p }: Params): Promise<Buffer> {
  // scrypt needs 128·N·r bytes (plus a little); node's default maxmem (32 MiB) is exactly N=2^15, r=8.
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r * p + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Throws WeakPasswordError unless the password may be set. */
export function checkPasswordPolicy(password: string): void {
  if (typeof password !== "string" || password.length < PASSWORD_LIMITS.min) {
    throw new WeakPasswordError(`password must be at least ${PASSWORD_LIMITS.min} characters`);
  }
  if (password.length > PASSWORD_LIMITS.max) {
    throw new WeakPasswordError(`password must be at most ${PASSWORD_LIMITS.max} characters`);
  }
}

/** `scrypt$N$r$p$<salt base64url>$<hash base64url>` */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

type Parsed = { params: Params; salt: Buffer; key: Buffer };

function parse(stored: string): Parsed | null {
  const parts = typeof stored === "string" ? stored.split("$") : [];
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : NaN));
  if (!(N >= 2 && N <= LIMITS.N && (N & (N - 1)) === 0)) return null;
  if (!(r >= 1 && r <= LIMITS.r && p >= 1 && p <= LIMITS.p)) return null;
  const b64 = /^[A-Za-z0-9_-]+$/;
  if (!b64.test(parts[4]) || !b64.test(parts[5])) return null;
  const salt = Buffer.from(parts[4], "base64url");
  const key = Buffer.from(parts[5], "base64url");
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { params: { N, r, p }, salt, key };
}

/** True when `password` matches `stored`; a malformed or tampered hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || typeof password !== "string" || password.length > PASSWORD_LIMITS.max) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when a stored hash was made with weaker parameters than today's (re-hash on next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const { N, r, p } = parsed.params;
  return N < PARAMS.N || r < PARAMS.r || p < PARAMS.p || parsed.key.length < KEY_BYTES;
}
