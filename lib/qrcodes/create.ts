import { activateQrCode, discardQrCode, reserveQrCode, type QrCodeView } from "@/lib/db/qrcodes";
import { resolveAccount } from "@/lib/db/resolve-account";
import { DEFAULT_EXPIRE_SECONDS, LIVE_CODE_RULES } from "@/lib/limits";
import { generateLiveSlug } from "./live-slug";
import { issuing } from "./issue-gate";
import type { CreateQrCodeInput } from "@/lib/validation/qrcodes";
import { wechatClientFor } from "@/lib/accounts/wechat-client";
import type { AuditActor } from "@/lib/db/audit";

/**
 * Creates a code from input createQrCodeSchema has checked against every WeChat limit: claim the
 * scene locally, ask WeChat for the ticket, then activate. If WeChat refuses, the reservation is
 * dropped: no code is left behind.
 */
export function createQrCode(input: CreateQrCodeInput & { note?: string }, actor: AuditActor): Promise<QrCodeView> {
  return issuing(() => issueQrCode(input, actor));
}

async function issueQrCode(input: CreateQrCodeInput & { note?: string }, actor: AuditActor): Promise<QrCodeView> {
  const account = await resolveAccount(input.accountId);

  const { live: liveOptions, ...code } = input;
  const live = liveOptions && { slug: liveOptions.slug ?? generateLiveSlug(), perVisitor: liveOptions.perVisitor ?? false };
  const expireSeconds =
    input.kind !== "temporary"
      ? undefined
      : live
        ? LIVE_CODE_RULES.ticketSeconds
        : (input.expireSeconds ?? DEFAULT_EXPIRE_SECONDS);
  const reserved = await reserveQrCode({ ...code, live, accountId: account.id });
  try {
    const issued = await wechatClientFor(account).createQrCode({
      kind: input.kind,
      sceneId: reserved.sceneId,
      sceneStr: reserved.sceneStr,
      expireSeconds,
    });
    return await activateQrCode(reserved.id, issued, actor);
  } catch (error) {
    await discardQrCode(reserved.id);
    throw error;
  }
}
