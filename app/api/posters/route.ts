import { withApi, readQuery } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { readPosterForm } from "@/lib/api/poster-form";
import { createPoster, listPosters } from "@/lib/db/posters";
import { createPosterSchema, posterListQuery } from "@/lib/validation/posters";

/** Poster templates (their backgrounds at /api/posters/{id}/background). */
export const GET = withApi("qrcodes:read", async ({ request }) => {
  const { accountId } = readQuery(request, posterListQuery);
  return json({ items: await listPosters(accountId) });
});

/** multipart/form-data: `template` (JSON fields) and `background` (PNG or JPEG). */
export const POST = withApi("campaigns:write", async ({ request, principal }) => {
  const { fields, background } = await readPosterForm(request, createPosterSchema, true);
  return json(await createPoster(fields, background!, auditActor({ principal, request })), 201);
});
