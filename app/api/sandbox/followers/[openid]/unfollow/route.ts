import { z } from "zod";
import { readJson, withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { invalid } from "@/lib/errors";
import { isOpenid } from "@/lib/sandbox/tags";
import { testUnfollow } from "@/lib/scans/test-unfollow";
import { rowId } from "@/lib/validation/input";

export const dynamic = "force-dynamic";

const unfollowSchema = z.object({ accountId: rowId }).strict();

/** The follower unfollows the account (`unsubscribe` delivered to this instance's webhook like WeChat would); 409 when not following. */
export const POST = withApi("scan:simulate", async ({ request, params }) => {
  if (!isOpenid(params.openid)) throw invalid("invalid_openid", "openid must be 1–64 letters, digits, - or _", "openid");
  const input = await readJson(request, unfollowSchema);
  return json(await testUnfollow({ accountId: input.accountId, openid: params.openid }));
});
