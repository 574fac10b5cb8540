// A file upload's body, read up to a limit larger than the JSON bodies' DRAIN_MAX_BYTES (an image may
// be 10 MB). Past the limit the rest is not read: the caller answers at once and the connection closes.

/** The body, or null as soon as it is (or declares to be) larger than `limit` bytes. */
export async function readUploadWithin(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel().catch(() => {});
    return null;
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
