import { Readable } from "node:stream";
import { ZipFile } from "yazl";
import { toCsv } from "@/lib/csv";
import type { QrCodeView } from "@/lib/db/qrcodes";
import { renderQrPng } from "@/lib/qr/render";
import { codeFileName, uniqueNames } from "@/lib/file-names";

type Named = Pick<QrCodeView, "campaign" | "channel" | "name" | "url">;

/** The entries' names, in order, for the codes that have an image (url): the one name rule, repeats numbered -2, -3 …. */
export function archiveEntryNames(codes: Named[], size: number | string): string[] {
  const claim = uniqueNames();
  return codes.filter((code) => code.url).map((code) => claim(codeFileName(code, size, "png")));
}

export type ArchiveOptions = {
  size: number;
  margin: number;
  /** The PNG renderer; tests pass a counting one. */
  render?: (content: string, opts: { size: number; margin: number; logo?: Buffer }) => Promise<Buffer>;
  /** A code's centre logo, asked for only when its entry is drawn (none: no logo). */
  logoOf?: (code: QrCodeView) => Promise<Buffer | undefined>;
  /** Posters instead of bare codes: each code drawn on a poster template; sizeLabel stands for the size in the names. */
  poster?: { draw: (code: QrCodeView, url: string, logo?: Buffer) => Promise<Buffer>; sizeLabel: string };
};

const MANIFEST_HEADER = ["id", "name", "channel", "campaign", "kind", "scene", "url", "expiresAt", "file"];

/**
 * One PNG per code, then manifest.csv (UTF-8 with BOM, so Excel shows Chinese) describing them, as a
 * ZIP written while it is read. A PNG is rendered only when the reader has taken everything written
 * so far, one at a time with a turn of the event loop before each, so memory holds at most about one
 * image whatever the number of codes, and a reader that stops (or goes away) stops the rendering.
 */
export function streamQrCodeArchive(codes: QrCodeView[], opts: ArchiveOptions): ReadableStream<Uint8Array> {
  const render = opts.render ?? renderQrPng;
  const image = { size: opts.size, margin: opts.margin };
  const date = new Date();
  const rows: unknown[][] = [];
  const zip = new ZipFile();
  const out = zip.outputStream as Readable; // a PassThrough
  let failure: Error | null = null;
  let cancelled = false;

  // The reader's demand: set when it asked for bytes and nothing was left; an entry waits for it.
  let demanded = false;
  let wake: (() => void) | null = null;
  const demand = () => {
    demanded = true;
    wake?.();
  };
  const whenDemanded = () =>
    new Promise<void>((resolve) => {
      if (demanded) {
        demanded = false;
        return resolve();
      }
      wake = () => {
        wake = null;
        demanded = false;
        resolve();
      };
    });

  // Something for the reader: bytes, the end, or a failure.
  let arrived: (() => void) | null = null;
  const signal = () => arrived?.();
  out.on("readable", signal);
  out.on("end", signal);
  const fail = (error: Error) => {
    failure ??= error;
    signal();
  };
  zip.on("error", fail);
  out.on("error", fail);

  // yazl writes the entries in order and asks for an entry's data only once the one before is written.
  const names = archiveEntryNames(codes, opts.poster?.sizeLabel ?? opts.size);
  for (const code of codes.filter((c) => c.url)) {
    const url = code.url as string;
    const name = names.shift() as string;
    const draw = async () => {
      await whenDemanded();
      await new Promise((resolve) => setImmediate(resolve)); // let other requests in between images
      if (cancelled) return null;
      const logo = await opts.logoOf?.(code);
      if (cancelled) return null;
      return opts.poster ? opts.poster.draw(code, url, logo) : render(url, logo ? { ...image, logo } : image);
    };
    zip.addReadStreamLazy(name, { mtime: date, compress: false }, (done) => {
      draw()
        .then(
          (png) => {
            if (!png) return; // the reader went away: leave the rest undone
            rows.push([
              code.id,
              code.name,
              code.channel,
              code.campaign ?? "",
              code.kind,
              code.sceneId ?? code.sceneStr ?? "",
              url,
              code.expiresAt ?? "",
              name,
            ]);
            done(null, Readable.from([png], { objectMode: false }));
          },
          (error: Error) => done(error, undefined as never),
        )
        .catch(fail);
    });
  }
  zip.addReadStreamLazy("manifest.csv", { mtime: date, compress: true }, (done) => {
    done(null, Readable.from([Buffer.from(toCsv(MANIFEST_HEADER, rows), "utf8")], { objectMode: false }));
  });
  zip.end();

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (failure) throw failure;
          const chunk = out.read() as Buffer | null;
          if (chunk !== null) return controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if (out.readableEnded) return controller.close();
          const next = new Promise<void>((resolve) => (arrived = resolve));
          demand();
          await next;
          arrived = null;
        }
      },
      cancel() {
        cancelled = true;
        wake?.();
        out.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
