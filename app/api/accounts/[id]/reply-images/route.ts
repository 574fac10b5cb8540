import { withApi, parseId } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { auditActor } from "@/lib/api/audit-actor";
import { notFound } from "@/lib/errors";
import { findAccountById } from "@/lib/db/accounts";
import { listReplyImages, saveReplyImage } from "@/lib/db/reply-images";
import { wechatClientFor } from "@/lib/accounts/wechat-client";
import { readImageUpload } from "@/lib/validation/reply-images";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The account's reply images, newest first, without their bytes. */
export const GET = withApi("replies:read", async ({ params }) => {
  const id = parseId(params.id, "account");
  if (!(await findAccountById(id))) throw notFound("account");
  return json({ items: await listReplyImages(id) });
});

/**
 * Uploads an image (multipart, field `image`) to the account's WeChat permanent material and keeps
 * it: checked before WeChat is called; WeChat's refusal comes back with its errcode.
 */
export const POST = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "account");
  const account = await findAccountById(id);
  if (!account) throw notFound("account");
  const image = await readImageUpload(request);
  const added = await wechatClientFor(account).addImageMaterial({
    bytes: image.bytes,
    fileName: image.fileName,
    contentType: image.contentType,
  });
  const saved = await saveReplyImage(
    {
      accountId: id,
      accountName: account.name,
      mediaId: added.mediaId,
      url: added.url,
      fileName: image.fileName,
      contentType: image.contentType,
      bytes: image.bytes,
      width: image.width,
      height: image.height,
    },
    auditActor({ principal, request }),
  );
  return json(saved, 201);
});
