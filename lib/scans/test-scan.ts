import { getQrCode } from "@/lib/db/qrcodes";
import { findAccountById } from "@/lib/db/accounts";
import { notFound } from "@/lib/errors";
import { simulateScan } from "@/lib/scans/simulator";
import { deliveryFacts, testDeliveryTo } from "@/lib/scans/test-delivery";

/**
 * Scans a code the way WeChat would deliver it — signed, encrypted per the account's mode, with
 * WeChat's timeout and retries — to this instance's own webhook, and returns the decrypted reply.
 */
export async function testScan(input: { qrCodeId: number; openid: string; follower: boolean }) {
  const code = await getQrCode(input.qrCodeId);
  if (!code?.ticket) throw notFound("QR code");
  const account = await findAccountById(code.accountId);
  if (!account) throw notFound("account");
  const result = await simulateScan({
    ...testDeliveryTo(account),
    openid: input.openid,
    scene: code.sceneStr !== null ? { sceneStr: code.sceneStr } : { sceneId: code.sceneId! },
    ticket: code.ticket,
    alreadyFollower: input.follower,
  });
  return { qrCodeId: code.id, openid: input.openid, ...deliveryFacts(result) };
}

/** What POST /api/qrcodes/{id}/test-scan answers. */
export type TestScanResult = Awaited<ReturnType<typeof testScan>>;
