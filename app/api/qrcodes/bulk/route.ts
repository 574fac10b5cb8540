import { withApi, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { bulkUpdateQrCodes } from "@/lib/db/qrcode-edits";
import { bulkQrCodesSchema } from "@/lib/validation/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

/** POST /api/qrcodes/bulk `{ids, action: "archive"|"unarchive"|"move", campaign?}`: all the codes named, or none. */
export const POST = withApi("qrcodes:write", async ({ request, principal }) => {
  const input = await readJson(request, bulkQrCodesSchema);
  return json({ items: await bulkUpdateQrCodes(input, auditActor({ principal, request })) });
});
