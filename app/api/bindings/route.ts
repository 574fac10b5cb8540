import { withApi, readOptionalJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { createBindingSchema } from "@/lib/validation/bindings";
import { createBinding } from "@/lib/bindings/create";

/** A scan-to-follow sign-in: a temporary code with a fresh scene; GET /api/bindings/{id} learns who scanned it. */
export const POST = withApi("bindings:write", async ({ request, principal }) => {
  const input = await readOptionalJson(request, createBindingSchema);
  return json(await createBinding(input, auditActor({ principal, request })), 201, { "cache-control": "no-store" });
});
