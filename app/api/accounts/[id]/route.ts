import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { badRequest } from "@/lib/api/errors";
import { notFound } from "@/lib/errors";
import { findAccountById, summarizeAccount, updateAccount } from "@/lib/db/accounts";
import { missingAesKey, updateAccountSchema } from "@/lib/validation/accounts";
import { rebuildStatistics } from "@/lib/db/stats-rebuild";
import { auditActor } from "@/lib/api/audit-actor";
import { checkApiBase } from "@/lib/accounts/outbound";

export const GET = withApi("accounts:read", async ({ params }) => {
  const account = await findAccountById(parseId(params.id, "account"));
  if (!account) throw notFound("account");
  return json(summarizeAccount(account));
});

/** Edits an account; an empty or missing secret keeps the stored one. The AppID cannot change. */
export const PATCH = withApi("accounts:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "account");
  const patch = await readJson(request, updateAccountSchema);
  const current = await findAccountById(id);
  if (!current) throw notFound("account");
  const missing = missingAesKey(patch.mode ?? current.mode, patch.encodingAesKey, current.encodingAesKey !== null);
  if (missing) throw badRequest("invalid_input", `encodingAesKey: ${missing}`, "encodingAesKey");
  await checkApiBase(patch.apiBase);
  const updated = await updateAccount(id, patch, auditActor({ principal, request }));
  if (!updated) throw notFound("account");
  // Statistics count whole days in the account's zone: a new zone moves every day's edges.
  if (updated.timeZone !== current.timeZone) await rebuildStatistics(id);
  return json(summarizeAccount(updated));
});
