import { toCsv } from "@/lib/api/csv";
import type { QrCodeView } from "@/lib/db/qrcodes";
import { renderQrPng } from "@/lib/qr/render";
import { createZip, safeFileName, type ZipEntry } from "@/lib/zip";

export const ARCHIVE_LIMITS = {
  maxCodes: 500,
  /** Rendering is CPU work on the request (~16 ms per 430 px code here): past this many pixels, about
   *  20 s of work, ask for fewer codes or a smaller size. */
  maxTotalPixels: 200_000_000,
} as const;

export function archiveEntryName(code: Pick<QrCodeView, "id" | "channel" | "name">): string {
  return `${safeFileName(code.channel, 40)}-${safeFileName(code.name, 60)}-${code.id}.png`;
}

/** One PNG per code and a manifest.csv (UTF-8 with BOM, so Excel shows Chinese) describing them. */
export async function buildQrCodeArchive(codes: QrCodeView[], opts: { size: number; margin: number }): Promise<Buffer> {
  const entries: ZipEntry[] = [];
  const date = new Date();
  const rows: unknown[][] = [];
  for (const code of codes) {
    if (!code.url) continue;
    const name = archiveEntryName(code);
    entries.push({ name, data: await renderQrPng(code.url, opts), date, compress: false });
    rows.push([
      code.id,
      code.name,
      code.channel,
      code.campaign ?? "",
      code.kind,
      code.sceneId ?? code.sceneStr ?? "",
      code.url,
      code.expiresAt ?? "",
      name,
    ]);
    // Let other requests in between images: rendering is synchronous work.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const manifest = toCsv(["id", "name", "channel", "campaign", "kind", "scene", "url", "expiresAt", "file"], rows);
  entries.push({ name: "manifest.csv", data: manifest, date });
  return createZip(entries);
}
