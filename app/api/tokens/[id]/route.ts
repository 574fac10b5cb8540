import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { revokeApiToken } from "@/lib/db/api-tokens";
import { auditActor } from "@/lib/api/audit-actor";

/** Revokes a token (idempotent); it stays listed, marked revoked. */
export const DELETE = withApi("tokens:write", async ({ request, params, principal }) => {
  const token = await revokeApiToken(parseId(params.id, "token"), auditActor({ principal, request }));
  if (!token) throw notFound("token");
  return json(token);
});
