import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { revokeApiToken } from "@/lib/db/api-tokens";

/** Revokes a token (idempotent); it stays listed, marked revoked. */
export const DELETE = withApi("tokens:write", async ({ params }) => {
  const token = await revokeApiToken(parseId(params.id, "token"));
  if (!token) throw notFound("token");
  return json(token);
});
