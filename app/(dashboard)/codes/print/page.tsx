import { requirePermission } from "@/lib/auth/require";
import { getQrCodesByIds } from "@/lib/db/qrcodes";
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
  return <PrintSheet codes={codes.map(toPrintCode)} missing={ids.length - codes.length} />;
}
