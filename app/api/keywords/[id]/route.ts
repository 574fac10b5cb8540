import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { deleteKeywordRule, updateKeywordRule } from "@/lib/db/keywords";
import { updateKeywordRuleSchema } from "@/lib/validation/keywords";
import { auditActor } from "@/lib/api/audit-actor";

/** Changes a rule's match, keywords, reply, active hours or enabled flag (what is given). */
export const PATCH = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "keyword rule");
  const input = await readJson(request, updateKeywordRuleSchema);
  const rule = await updateKeywordRule(id, input, auditActor({ principal, request }));
  if (!rule) throw notFound("keyword rule");
  return json(rule);
});

/** Deletes a rule; answers with what it was. */
export const DELETE = withApi("replies:write", async ({ request, params, principal }) => {
  const rule = await deleteKeywordRule(parseId(params.id, "keyword rule"), auditActor({ principal, request }));
  if (!rule) throw notFound("keyword rule");
  return json(rule);
});
