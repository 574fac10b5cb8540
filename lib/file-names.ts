// Shared by the server's downloads and the browser's own (no node:* imports).

/** A file name that every unzip tool and OS accepts: no separators, control or reserved characters. */
/** A code's file name without its ending: channel-name-id, each part made safe. */
export function codeFileBase(code: { id: number; channel: string; name: string }): string {
  return `${safeFileName(code.channel, 40)}-${safeFileName(code.name, 60)}-${code.id}`;
}

export function safeFileName(value: string, max = 80): string {
  const cleaned = value
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a file name must not hold
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "_");
  const chars = [...cleaned];
  return (chars.length > max ? chars.slice(0, max).join("") : cleaned) || "_";
}
