import { z } from "zod";
import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { getAccountReplies, setAccountReplies } from "@/lib/db/replies";
import { replySchema } from "@/lib/validation/qrcodes";
import { auditActor } from "@/lib/api/audit-actor";

const accountRepliesSchema = z
  .object({
    follow: replySchema.nullable().optional(),
    scan: replySchema.nullable().optional(),
    noMatch: replySchema.nullable().optional(),
  })
  .strict();

export const GET = withApi("replies:read", async ({ params }) => {
  const replies = await getAccountReplies(parseId(params.id, "account"));
  if (!replies) throw notFound("account");
  return json(replies);
});

/** Sets the plain-follow welcome, the default scan reply and/or the keyword "no match" reply; null removes one. */
export const PUT = withApi("replies:write", async ({ request, params, principal }) => {
  const id = parseId(params.id, "account");
  const input = await readJson(request, accountRepliesSchema);
  if (!(await setAccountReplies(id, input, auditActor({ principal, request })))) throw notFound("account");
  const replies = await getAccountReplies(id);
  if (!replies) throw notFound("account");
  return json(replies);
});
