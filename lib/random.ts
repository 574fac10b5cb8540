/** `length` characters drawn uniformly from `alphabet` with the platform CSPRNG (browser and Node alike). */
export function randomChars(alphabet: string, length: number): string {
  const out: string[] = [];
  const bytes = new Uint8Array(length * 2);
  // Bytes past the last whole multiple of the alphabet's size are dropped, so every character is equally likely.
  const limit = 256 - (256 % alphabet.length);
  while (out.length < length) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) if (byte < limit && out.length < length) out.push(alphabet[byte % alphabet.length]);
  }
  return out.join("");
}
