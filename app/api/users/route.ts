import { withApi, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { createUser, listUsers } from "@/lib/db/users";
import { createUserSchema } from "@/lib/validation/users";
import { auditActor } from "@/lib/api/audit-actor";

export const GET = withApi("users:read", async () => json({ items: await listUsers() }));

export const POST = withApi("users:write", async ({ request, principal }) => {
  const input = await readJson(request, createUserSchema);
  return json(await createUser(input, auditActor({ principal, request })), 201);
});
