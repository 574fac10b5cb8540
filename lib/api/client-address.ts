/**
 * The address of the client that sent `request`, as the server saw its socket. The production
 * server (lib/server/next-thread.ts) puts that address in X-Forwarded-For, replacing whatever the
 * client sent; `next dev` sets it when the client sent none. Null when unknown.
 */
export function clientAddress(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  if (!last) return null;
  return last.startsWith("::ffff:") && last.includes(".") ? last.slice("::ffff:".length) : last;
}
