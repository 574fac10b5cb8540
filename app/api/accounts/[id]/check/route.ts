import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { findAccountById } from "@/lib/db/accounts";
import { checkConnection } from "@/lib/accounts/check-connection";

/** Fetches an access token as QR code calls do; 200 with {ok:true} or {ok:false, problem, message}. */
export const POST = withApi("accounts:write", async ({ params }) => {
  const account = await findAccountById(parseId(params.id, "account"));
  if (!account) throw notFound("account");
  return json(await checkConnection(account));
});
