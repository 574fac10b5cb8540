import { z } from "zod";
import { withApi, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { TEST_OPENID_MAX_CHARS } from "@/lib/limits";
import { testFollow } from "@/lib/scans/test-follow";
import { rowId, text } from "@/lib/validation/input";

const testFollowSchema = z
  .object({
    accountId: rowId,
    openid: text.trim().min(1).max(TEST_OPENID_MAX_CHARS).default("o_test_follower"),
  })
  .strict();

/** Simulates a plain follow of the account; answers with the welcome a new follower gets. */
export const POST = withApi("scan:simulate", async ({ request }) => {
  return json(await testFollow(await readJson(request, testFollowSchema)));
});
