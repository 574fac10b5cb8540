import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { resetPasswordById } from "@/lib/db/users";
import { resetPasswordSchema } from "@/lib/validation/users";
import { auditActor } from "@/lib/api/audit-actor";

/** Sets a new password (and lifts any lock-out). */
export const POST = withApi("users:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "user");
  const { password } = await readJson(request, resetPasswordSchema);
  const user = await resetPasswordById(id, password, auditActor({ principal, request }));
  if (!user) throw notFound("user");
  return json(user);
});
