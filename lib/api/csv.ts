import { csvLines, toCsv } from "@/lib/csv";

const headers = (filename: string, extra: Record<string, string> = {}) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${filename}"`,
  ...extra,
});

export function csvResponse(filename: string, csv: string): Response {
  return new Response(csv, { headers: headers(filename) });
}

/** The same CSV written as the rows arrive, page by page: memory stays bounded whatever the size. */
export function csvStreamResponse(
  filename: string,
  header: string[],
  pages: AsyncIterable<unknown[][]>,
  extraHeaders?: Record<string, string>,
): Response {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        return controller.enqueue(encoder.encode(toCsv(header, [])));
      }
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(csvLines(next.value)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, { headers: headers(filename, extraHeaders) });
}
