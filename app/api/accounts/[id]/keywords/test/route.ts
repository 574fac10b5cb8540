import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { answerKeywordTest } from "@/lib/db/keywords";
import { keywordTestSchema } from "@/lib/validation/keywords";

/** "Try a message": which rule would answer {text} sent at {at} (default now), with the webhook's own matching. Changes nothing. */
export const POST = withApi("replies:read", async ({ request, params }) => {
  const id = parseId(params.id, "account");
  const { text, at } = await readJson(request, keywordTestSchema);
  const answer = await answerKeywordTest(id, text, at ? new Date(at) : new Date());
  if (!answer) throw notFound("account");
  return json(answer);
});
