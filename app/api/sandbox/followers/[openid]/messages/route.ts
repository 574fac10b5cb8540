import { z } from "zod";
import { readJson, withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { invalid } from "@/lib/errors";
import { REPLY_RULES } from "@/lib/wechat/limits";
import { isOpenid } from "@/lib/sandbox/tags";
import { testMessage } from "@/lib/scans/test-message";
import { rowId, text } from "@/lib/validation/input";

export const dynamic = "force-dynamic";

const messageSchema = z.object({ accountId: rowId, text: text.min(1).max(REPLY_RULES.textChars) }).strict();

/** The follower sends the account a text message (delivered to this instance's webhook like WeChat would); answers with the reply. */
export const POST = withApi("scan:simulate", async ({ request, params }) => {
  if (!isOpenid(params.openid)) throw invalid("invalid_openid", "openid must be 1–64 letters, digits, - or _", "openid");
  const input = await readJson(request, messageSchema);
  return json(await testMessage({ accountId: input.accountId, openid: params.openid, text: input.text }));
});
