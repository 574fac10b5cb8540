import { z } from "zod";
import { readQuery, withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { findSandboxAccount } from "@/lib/sandbox/accounts";
import { listKnownFollowers } from "@/lib/sandbox/follow-state";
import { text } from "@/lib/validation/input";

export const dynamic = "force-dynamic";

const followersQuery = z
  .object({
    appId: text.trim().min(1).max(64),
    page: z.coerce.number().int("must be a whole number").min(1).max(10_000).default(1),
  })
  .strict();

/** Everyone the sandbox saw interact with a sandbox account (following or not, last interaction, tag count), newest first. */
export const GET = withApi("scan:simulate", async ({ request }) => {
  const { appId, page } = readQuery(request, followersQuery);
  if (!(await findSandboxAccount(appId))) throw notFound(`sandbox account ${appId}`);
  return json(await listKnownFollowers(appId, page));
});
