import { withApi, readJson, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { createQrCodeSchema, listQrCodesQuery } from "@/lib/validation/qrcodes";
import { createQrCode } from "@/lib/qrcodes/create";
import { listQrCodesPage } from "@/lib/db/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

export const POST = withApi("qrcodes:write", async ({ request, principal }) => {
  const input = await readJson(request, createQrCodeSchema);
  return json(await createQrCode(input, auditActor({ principal, request })), 201);
});

export const GET = withApi("qrcodes:read", async ({ request }) => {
  return json(await listQrCodesPage(readQuery(request, listQrCodesQuery)));
});
