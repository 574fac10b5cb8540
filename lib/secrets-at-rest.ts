import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { config } from "@/lib/config";

// Secrets at rest (AppSecret, Token, EncodingAESKey, access tokens): AES-256-GCM under ENCRYPTION_KEY.
const VERSION = "v1";

function key(): Buffer {
  const material = config().encryptionKey;
  if (!material) throw new Error("ENCRYPTION_KEY is not set (start the app with `npm start`)");
  return createHash("sha256").update(material).digest();
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("not an encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

const SHOWN_CHARS = 4;
/** A secret shows its last characters only when at least this many others stay hidden. */
const HIDDEN_AT_LEAST = 28;

/**
 * What the browser may see of a secret: the last 4 characters of a long one (an AppSecret, an
 * EncodingAESKey) to recognise it by, nothing of a short one (a Token can be 3 characters).
 */
export function maskSecret(plain: string): string {
  return plain.length >= SHOWN_CHARS + HIDDEN_AT_LEAST ? `••••${plain.slice(-SHOWN_CHARS)}` : "••••••••";
}
