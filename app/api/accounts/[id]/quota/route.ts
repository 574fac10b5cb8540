import { withApi, parseId } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { json } from "@/lib/api/respond";
import { findAccountById } from "@/lib/db/accounts";
import { countPermanentCodes, type PermanentQuota } from "@/lib/db/qrcodes";
import { QR_RULES } from "@/lib/wechat";

/** GET /api/accounts/{id}/quota: permanent codes used of WeChat's quota per account (they can never be deleted). */
export const GET = withApi("qrcodes:read", async ({ params }) => {
  const accountId = parseId(params.id, "account");
  if (!(await findAccountById(accountId))) throw notFound("account");
  const used = await countPermanentCodes(accountId);
  const limit = QR_RULES.permanentQuota;
  return json({ accountId, permanent: { used, limit, remaining: Math.max(0, limit - used) } } satisfies PermanentQuota);
});
