import { getQrCode } from "@/lib/db/qrcodes";
import { findAccountById } from "@/lib/db/accounts";
import { gone, notFound } from "@/lib/errors";
import { simulateScan } from "@/lib/scans/simulator";
import { deliveryFacts, testDeliveryTo } from "@/lib/scans/test-delivery";
import { loadSceneTargets } from "@/lib/db/webhook-config";
import { lastEventId, testEventAfter } from "@/lib/db/follow-ups";
import { replySequence } from "@/lib/follow-ups/sequence";
import { isFollowing } from "@/lib/sandbox/follow-state";

/**
 * Scans a code the way WeChat would deliver it — signed, encrypted per the account's mode, with
 * WeChat's timeout and retries — to this instance's own webhook, and returns the decrypted reply,
 * the follow-up messages that go after it (as the webhook chose them) and the recorded test event,
 * whose deliveries GET /api/events/{eventId}/follow-ups tells as they happen.
 *
 * Only possible scans: an expired code pushes nothing (WeChat shows the scanner an "expired" page),
 * and on a sandbox account the sandbox knows who follows, so it picks SCAN or subscribe itself and
 * `follower` is ignored. On a real account nobody here knows, so `follower` says (default: a new one).
 */
export async function testScan(input: { qrCodeId: number; openid: string; follower?: boolean; createTime?: number }) {
  const code = await getQrCode(input.qrCodeId);
  if (!code?.ticket) throw notFound("QR code");
  const account = await findAccountById(code.accountId);
  if (!account) throw notFound("account");
  if (code.status === "expired") {
    throw gone("code_expired", `code ${code.id} expired at ${code.expiresAt}: WeChat shows the scanner an expired page`);
  }
  const follower = account.sandbox ? await isFollowing(account.appId, input.openid) : input.follower === true;
  const scene = code.sceneStr ?? String(code.sceneId);
  const before = await lastEventId();
  const result = await simulateScan({
    ...testDeliveryTo(account),
    openid: input.openid,
    scene: code.sceneStr !== null ? { sceneStr: code.sceneStr } : { sceneId: code.sceneId! },
    ticket: code.ticket,
    alreadyFollower: follower,
    createTime: input.createTime,
  });
  const { value } = await loadSceneTargets(account.id, [scene]);
  const event = {
    kind: "scan" as const,
    subscribed: !follower,
    openid: input.openid,
    createTime: 0,
    scene,
    ticket: code.ticket,
  };
  const followUps = replySequence(event, value.replies, value.scenes.get(scene) ?? null).followUps;
  const eventId = followUps.length ? await testEventAfter(account.id, input.openid, before) : null;
  return {
    qrCodeId: code.id,
    openid: input.openid,
    /** What was pushed: subscribe (with qrscene_) for a new follower, SCAN for one who follows. */
    event: follower ? ("SCAN" as const) : ("subscribe" as const),
    ...deliveryFacts(result),
    followUps,
    eventId,
  };
}

/** What POST /api/qrcodes/{id}/test-scan answers. */
export type TestScanResult = Awaited<ReturnType<typeof testScan>>;
