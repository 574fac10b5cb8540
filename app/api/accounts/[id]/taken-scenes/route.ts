import { withApi, parseId, readJson } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { json } from "@/lib/api/respond";
import { findAccountById } from "@/lib/db/accounts";
import { findTakenSceneStrs } from "@/lib/db/qrcodes";
import { takenScenesSchema } from "@/lib/validation/qrcodes";

/**
 * POST /api/accounts/{id}/taken-scenes `{sceneStrs}` → `{taken: [{sceneStr, codeId}]}`: a batch
 * checks its scenes before it creates anything (creation still refuses a scene taken meanwhile).
 */
export const POST = withApi("qrcodes:read", async ({ request, params }) => {
  const accountId = parseId(params.id, "account");
  const { sceneStrs } = await readJson(request, takenScenesSchema);
  if (!(await findAccountById(accountId))) throw notFound("account");
  const taken = await findTakenSceneStrs(accountId, sceneStrs);
  return json({ taken: [...taken].map(([sceneStr, codeId]) => ({ sceneStr, codeId })) });
});
