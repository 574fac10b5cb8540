import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { createKeywordRule, listKeywordRules } from "@/lib/db/keywords";
import { createKeywordRuleSchema } from "@/lib/validation/keywords";
import { auditActor } from "@/lib/api/audit-actor";
import { KEYWORD_LIMITS } from "@/lib/limits";

/** The account's keyword rules, in the order a follower's text message tries them. */
export const GET = withApi("replies:read", async ({ params }) => {
  const rules = await listKeywordRules(parseId(params.id, "account"));
  if (!rules) throw notFound("account");
  return json({ items: rules, limits: KEYWORD_LIMITS });
});

/** Adds a rule after the others. */
export const POST = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "account");
  const input = await readJson(request, createKeywordRuleSchema);
  const rule = await createKeywordRule(id, input, auditActor({ principal, request }));
  if (!rule) throw notFound("account");
  return json(rule, 201);
});
