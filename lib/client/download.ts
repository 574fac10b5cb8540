/** The file name a response's Content-Disposition gives (RFC 6266: filename* first), or the fallback. */
export function fileNameFromDisposition(disposition: string | null, fallback: string): string {
  const header = disposition ?? "";
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename\s*=\s*"([^"]+)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1] ?? fallback;
}

/** Saves a blob as a file: an object URL and a temporary <a download>, revoked once the browser has it. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** How often a download the server refused as busy (429) is tried again, each after its Retry-After. */
export const BUSY_RETRIES = { attempts: 3, maxWaitSeconds: 10 } as const;

/** The seconds a 429's Retry-After asks for (within 1..maxWaitSeconds). */
export function retryAfterSeconds(res: Response): number {
  const seconds = Number(res.headers.get("retry-after"));
  return Math.min(BUSY_RETRIES.maxWaitSeconds, Number.isFinite(seconds) && seconds > 0 ? seconds : 1);
}

/** fetch(path), tried again after the server's Retry-After while it answers 429 (busy rendering). */
export async function fetchWhenNotBusy(path: string, wait = (s: number) => new Promise((r) => setTimeout(r, s * 1000))) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(path);
    if (res.status !== 429 || attempt >= BUSY_RETRIES.attempts) return res;
    await res.body?.cancel();
    await wait(retryAfterSeconds(res));
  }
}
