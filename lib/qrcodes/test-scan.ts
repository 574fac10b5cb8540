import { getQrCode } from "@/lib/db/qrcodes";
import { appOrigin, findAccountById } from "@/lib/db/accounts";
import { notFound } from "@/lib/api/errors";
import { simulateScan } from "@/lib/sandbox/scan-simulator";
import { markTestDelivery } from "@/lib/webhook/test-delivery";

/**
 * Scans a code the way WeChat would deliver it — signed, encrypted per the account's mode, with
 * WeChat's timeout and retries — to this instance's own webhook, and returns the decrypted reply.
 * On a real account the delivery is marked as a test and not counted.
 */
export async function testScan(input: { qrCodeId: number; openid: string; follower: boolean }) {
  const code = await getQrCode(input.qrCodeId);
  if (!code?.ticket) throw notFound("QR code");
  const account = await findAccountById(code.accountId);
  if (!account) throw notFound("account");
  const result = await simulateScan({
    account,
    webhookUrl: `${appOrigin()}/api/wechat/${encodeURIComponent(account.appId)}`,
    openid: input.openid,
    scene: code.sceneStr !== null ? { sceneStr: code.sceneStr } : { sceneId: code.sceneId! },
    ticket: code.ticket,
    alreadyFollower: input.follower,
    // On the sandbox account every scan is a trial; on a real one, tests stay out of the numbers.
    markQuery: account.sandbox ? undefined : markTestDelivery(account.appId),
  });
  return {
    qrCodeId: code.id,
    openid: input.openid,
    attempts: result.attempts,
    status: result.status,
    reply: result.reply,
    ...(result.error ? { error: result.error } : {}),
  };
}
