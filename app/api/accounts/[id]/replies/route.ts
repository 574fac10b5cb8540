import { z } from "zod";
import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { getAccountReplies, setAccountReply } from "@/lib/db/replies";
import { replySchema } from "@/lib/validation/qrcodes";

const accountRepliesSchema = z
  .object({ follow: replySchema.nullable().optional(), scan: replySchema.nullable().optional() })
  .strict();

export const GET = withApi("replies:read", async ({ params }) => {
  const replies = await getAccountReplies(parseId(params.id, "account"));
  if (!replies) throw notFound("account");
  return json(replies);
});

/** Sets the plain-follow welcome and/or the default scan reply; null removes one. */
export const PUT = withApi("replies:write", async ({ request, params }) => {
  const id = parseId(params.id, "account");
  const input = await readJson(request, accountRepliesSchema);
  for (const kind of ["follow", "scan"] as const) {
    const reply = input[kind];
    if (reply !== undefined && !(await setAccountReply(id, kind, reply))) throw notFound("account");
  }
  const replies = await getAccountReplies(id);
  if (!replies) throw notFound("account");
  return json(replies);
});
