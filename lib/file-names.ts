// The one rule for a code's file name, shared by the image API's downloads, the ZIP and the browser's
// own downloads (so no node:* imports here).

/** A file name that every unzip tool and OS accepts: no separators, control or reserved characters. */
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

export type NamedCode = { campaign: string | null; channel: string; name: string };

/** `<campaign>-<channel>-<name>-<size>.<ext>`, the campaign left out when the code has none; each part made safe. */
export function codeFileName(code: NamedCode, size: number | string, ext: "png" | "svg"): string {
  const parts = [
    ...(code.campaign ? [safeFileName(code.campaign, 40)] : []),
    safeFileName(code.channel, 40),
    safeFileName(code.name, 60),
    String(size),
  ];
  return `${parts.join("-")}.${ext}`;
}

/**
 * Hands out each name once: a name already given (compared as Windows and macOS do, ignoring case)
 * gets -2, -3 … before its extension.
 */
export function uniqueNames(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

/** The name for clients that read only `filename="…"`: printable ASCII, anything else as `_`. */
export function asciiFileName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
}

/** RFC 5987 ext-value: UTF-8, percent-encoded except attr-chars. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A Content-Disposition with both the ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(type: "attachment" | "inline", name: string): string {
  return `${type}; filename="${asciiFileName(name)}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
