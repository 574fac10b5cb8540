import { withApi, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { createAccount, listAccounts, summarizeAccount, type AccountList } from "@/lib/db/accounts";
import { createAccountSchema } from "@/lib/validation/accounts";
import { auditActor } from "@/lib/api/audit-actor";
import { checkApiBase } from "@/lib/accounts/outbound";

export const GET = withApi("accounts:read", async () => json({ items: await listAccounts() } satisfies AccountList));

/** Adds an official account. Secrets go in and never come back out (the answer masks them). */
export const POST = withApi("accounts:write", async ({ request, principal }) => {
  const input = await readJson(request, createAccountSchema);
  await checkApiBase(input.apiBase);
  return json(summarizeAccount(await createAccount(input, auditActor({ principal, request }))), 201);
});
