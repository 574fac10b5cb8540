import { requirePermission } from "@/lib/auth/require";
import { getQrCodesByIds } from "@/lib/db/qrcodes";
import { logoRefsOf, type LogoRef } from "@/lib/db/logos";
import { PrintSheet } from "@/components/codes/print-sheet";
import { toPrintCode } from "@/components/codes/format";
import { ARCHIVE_LIMITS } from "@/lib/limits";
import { isRowId } from "@/lib/validation/input";

/** /codes/print?ids=1,2,3: rendered on the server so the sheet is complete as soon as its images load. */
export default async function PrintPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("qrcodes:read");
  const raw = (await searchParams).ids;
  const ids = [
    ...new Set(
      String(Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
        .split(",")
        .map(Number)
        .filter(isRowId),
    ),
  ].slice(0, ARCHIVE_LIMITS.maxCodes);
  const codes = await getQrCodesByIds(ids);
  const logos = await logoRefsOf(ids);
  const printed = codes.map((code) => ({ ...toPrintCode(code), logo: logoAddress(logos.get(code.id)) }));
  return <PrintSheet codes={printed} missing={ids.length - codes.length} />;
}

/** A campaign's logo has one address for all its codes, so the sheet loads it once. */
function logoAddress(ref: LogoRef | undefined): string | null {
  if (!ref) return null;
  const owner = ref.owner === "code" ? "qrcodes" : "campaigns";
  return `/api/${owner}/${ref.ownerId}/logo?v=${ref.sha256.slice(0, 12)}`;
}
