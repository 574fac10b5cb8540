import { withApi, parseId } from "@/lib/api/handler";
import { auditActor } from "@/lib/api/audit-actor";
import { conflict, notFound } from "@/lib/errors";
import { findAccountById } from "@/lib/db/accounts";
import { deleteReplyImage, findReplyImage, replyImageUses, type ReplyImageUse } from "@/lib/db/reply-images";
import { wechatClientFor } from "@/lib/accounts/wechat-client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const PLACES: Record<ReplyImageUse["kind"], (name: string | null) => string> = {
  code: (name) => `the reply of code "${name}"`,
  followUp: (name) => `a follow-up of code "${name}"`,
  keyword: (name) => `the reply to keyword "${name}"`,
  follow: () => "the welcome reply",
  scan: () => "the default scan reply",
  noMatch: () => "the no-match reply",
};
const place = (use: ReplyImageUse) => PLACES[use.kind](use.name);

/**
 * Deletes an image from the library and from the account's WeChat permanent material; refused
 * (409 image_in_use) while a reply, follow-up or keyword rule still sends it. An image WeChat no
 * longer has (40007) is forgotten here too.
 */
export const DELETE = withApi("replies:write", async ({ request, params, principal }) => {
  const image = await findReplyImage(parseId(params.id, "reply image"));
  if (!image) throw notFound("reply image");
  const uses = (await replyImageUses(image.accountId, [image.mediaId])).get(image.mediaId) ?? [];
  if (uses.length > 0)
    throw conflict("image_in_use", `the image is still sent as ${uses.map(place).join(", ")}: change those first`);
  const account = await findAccountById(image.accountId);
  if (!account) throw notFound("account");
  await wechatClientFor(account).deleteMaterial(image.mediaId); // false (already gone at WeChat) is forgotten here too
  await deleteReplyImage(image, account.name, auditActor({ principal, request }));
  return new Response(null, { status: 204 });
});
