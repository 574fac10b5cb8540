import { z } from "zod";
import { readQuery, withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { invalid, notFound } from "@/lib/errors";
import { findSandboxAccount } from "@/lib/sandbox/accounts";
import { followerView } from "@/lib/sandbox/interactions";
import { isOpenid } from "@/lib/sandbox/tags";
import { text } from "@/lib/validation/input";

export const dynamic = "force-dynamic";

const followerQuery = z.object({ appId: text.trim().min(1).max(64) }).strict();

/** What a sandbox follower received (passive and customer-service messages, in order), did, and is tagged with. */
export const GET = withApi("scan:simulate", async ({ request, params }) => {
  const { appId } = readQuery(request, followerQuery);
  if (!isOpenid(params.openid)) throw invalid("invalid_openid", "openid must be 1–64 letters, digits, - or _", "openid");
  if (!(await findSandboxAccount(appId))) throw notFound(`sandbox account ${appId}`);
  return json(await followerView(appId, params.openid));
});
