import { randomChars } from "@/lib/random";

// No 0/O, 1/l/I: the password is read off a screen or a terminal and typed in by a person.
const ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * A random password like `k7Fq2-Hx9ma-PzT4e-w8RnC` (20 random characters, ~117 bits), for the first
 * admin, the CLI and the dashboard's "generate" button alike (no node:* imports).
 */
export function generatePassword(): string {
  const chars = randomChars(ALPHABET, 20);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5)).join("-");
}
