import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { readPosterForm } from "@/lib/api/poster-form";
import { badRequest } from "@/lib/api/errors";
import { notFound } from "@/lib/errors";
import { deletePoster, getPoster, updatePoster } from "@/lib/db/posters";
import { updatePosterSchema } from "@/lib/validation/posters";

export const GET = withApi("qrcodes:read", async ({ params }) => {
  const poster = await getPoster(parseId(params.id, "poster template"));
  if (!poster) throw notFound("poster template");
  return json(poster);
});

/** JSON fields, or multipart/form-data with `template` and a new `background`: what is given changes. */
export const PUT = withApi("campaigns:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "poster template");
  const { fields, background } = await readPosterForm(request, updatePosterSchema, false);
  if (!background && Object.values(fields).every((value) => value === undefined))
    throw badRequest("invalid_input", "give a field to change or a new background");
  const poster = await updatePoster(id, fields, background, auditActor({ principal, request }));
  if (!poster) throw notFound("poster template");
  return json(poster);
});

export const DELETE = withApi("campaigns:write", async ({ request, params, principal }) => {
  const poster = await deletePoster(parseId(params.id, "poster template"), auditActor({ principal, request }));
  if (!poster) throw notFound("poster template");
  return json({ deleted: poster.id });
});
