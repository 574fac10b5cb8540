import { withApi, parseId } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { json } from "@/lib/api/respond";
import { findAccountById } from "@/lib/db/accounts";
import { countPermanentCodes, type PermanentQuota } from "@/lib/db/qrcodes";
import { LIMITS } from "@/lib/validation/qrcodes";

/** GET /api/accounts/{id}/quota: permanent codes used of WeChat's 100,000 per account (they can never be deleted). */
export const GET = withApi("qrcodes:read", async ({ params }) => {
  const accountId = parseId(params.id, "account");
  if (!(await findAccountById(accountId))) throw notFound("account");
  const used = await countPermanentCodes(accountId);
  return json({ accountId, permanent: { used, limit: LIMITS.permanentQuota, remaining: Math.max(0, LIMITS.permanentQuota - used) } } satisfies PermanentQuota);
});
