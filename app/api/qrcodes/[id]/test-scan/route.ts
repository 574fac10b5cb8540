import { z } from "zod";
import { withApi, parseId, readJson } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { TEST_OPENID_MAX_CHARS } from "@/lib/limits";
import { testScan } from "@/lib/scans/test-scan";
import { text } from "@/lib/validation/input";

const testScanSchema = z
  .object({
    openid: text.trim().min(1).max(TEST_OPENID_MAX_CHARS).default("o_test_scanner"),
    /** Only for a real account, where nobody here knows; the sandbox knows who follows and ignores it. */
    follower: z.boolean().optional(),
  })
  .strict();

/** "Test scan": WeChat's delivery simulated against our own webhook; answers with the reply a scanner gets (410 for an expired code). */
export const POST = withApi("scan:simulate", async ({ request, params }) => {
  const input = await readJson(request, testScanSchema);
  return json(await testScan({ qrCodeId: parseId(params.id, "QR code"), ...input }));
});
