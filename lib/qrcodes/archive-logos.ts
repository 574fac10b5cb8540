import type { QrCodeView } from "@/lib/db/qrcodes";
import { loadLogo, logoRefsOf } from "@/lib/db/logos";

/**
 * The ZIP's logos: which code uses which is read once up front (no bytes); a logo's bytes are
 * loaded when the first entry using it is drawn and kept only while later entries still need it,
 * so a campaign's logo is read once and memory holds only the logos still to be used again.
 */
export async function archiveLogos(codes: QrCodeView[]): Promise<(code: QrCodeView) => Promise<Buffer | undefined>> {
  const refs = await logoRefsOf(codes.filter((code) => code.url).map((code) => code.id));
  const keyOf = (id: number) => {
    const ref = refs.get(id);
    return ref ? `${ref.owner}:${ref.ownerId}:${ref.sha256}` : null;
  };
  const usesLeft = new Map<string, number>();
  for (const id of refs.keys()) {
    const key = keyOf(id) as string;
    usesLeft.set(key, (usesLeft.get(key) ?? 0) + 1);
  }
  const cache = new Map<string, Buffer | null>();

  return async (code) => {
    const ref = refs.get(code.id);
    const key = keyOf(code.id);
    if (!ref || !key) return undefined;
    let png = cache.get(key);
    if (png === undefined) png = await loadLogo(ref);
    const left = (usesLeft.get(key) ?? 1) - 1;
    usesLeft.set(key, left);
    if (left > 0) cache.set(key, png);
    else cache.delete(key);
    return png ?? undefined;
  };
}
