import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { conflict, notFound } from "@/lib/errors";
import { deleteUser, updateUser } from "@/lib/db/users";
import { updateUserSchema } from "@/lib/validation/users";
import { auditActor } from "@/lib/api/audit-actor";

/** Rename, change the role ({role}) or lift a lock-out ({unlock:true}); the last admin stays admin. */
export const PATCH = withApi("users:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "user");
  const user = await updateUser(id, await readJson(request, updateUserSchema), auditActor({ principal, request }));
  if (!user) throw notFound("user");
  return json(user);
});

/** Deletes a user: never the caller, never the last admin. */
export const DELETE = withApi("users:write", async ({ request, principal, params }) => {
  const id = parseId(params.id, "user");
  if (principal.kind === "user" && principal.id === id) throw conflict("cannot_delete_self", "you cannot delete yourself");
  const user = await deleteUser(id, auditActor({ principal, request }));
  if (!user) throw notFound("user");
  return json(user);
});
