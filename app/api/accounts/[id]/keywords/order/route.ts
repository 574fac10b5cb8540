import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { reorderKeywordRules } from "@/lib/db/keywords";
import { keywordOrderSchema } from "@/lib/validation/keywords";
import { auditActor } from "@/lib/api/audit-actor";

/** Puts the account's rules in the order of {ids} (each of them once); answers with them so ordered. */
export const POST = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "account");
  const { ids } = await readJson(request, keywordOrderSchema);
  const rules = await reorderKeywordRules(id, ids, auditActor({ principal, request }));
  if (!rules) throw notFound("account");
  return json({ items: rules });
});
