import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { resetPasswordById } from "@/lib/db/users";
import { resetPasswordSchema } from "@/lib/validation/users";

/** Sets a new password (and lifts any lock-out). */
export const POST = withApi("users:write", async ({ request, params }) => {
  const id = parseId(params.id, "user");
  const { password } = await readJson(request, resetPasswordSchema);
  const user = await resetPasswordById(id, password);
  if (!user) throw notFound("user");
  return json(user);
});
