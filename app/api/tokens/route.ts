import { withApi, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { createApiToken, listApiTokens } from "@/lib/db/api-tokens";
import { createTokenSchema } from "@/lib/validation/users";
import { auditActor } from "@/lib/api/audit-actor";

export const GET = withApi("tokens:read", async () => json({ items: await listApiTokens() }));

/** The token is in this answer and nowhere else, ever: only its hash is stored. */
export const POST = withApi("tokens:write", async ({ request, principal }) => {
  const input = await readJson(request, createTokenSchema);
  const { token, record } = await createApiToken(input, auditActor({ principal, request }));
  return json({ token, record }, 201, { "cache-control": "no-store" });
});
