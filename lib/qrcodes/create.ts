import { activateQrCode, discardQrCode, reserveQrCode, type QrCodeView } from "@/lib/db/qrcodes";
import { resolveAccount } from "@/lib/db/resolve-account";
import { DEFAULT_EXPIRE_SECONDS } from "@/lib/limits";
import type { CreateQrCodeInput } from "@/lib/validation/qrcodes";
import { wechatClientFor } from "@/lib/accounts/wechat-client";
import type { AuditActor } from "@/lib/db/audit";

/**
 * Creates a code from input createQrCodeSchema has checked against every WeChat limit: claim the
 * scene locally, ask WeChat for the ticket, then activate. If WeChat refuses, the reservation is
 * dropped: no code is left behind.
 */
export async function createQrCode(input: CreateQrCodeInput & { note?: string }, actor: AuditActor): Promise<QrCodeView> {
  const account = await resolveAccount(input.accountId);

  const expireSeconds = input.kind === "temporary" ? (input.expireSeconds ?? DEFAULT_EXPIRE_SECONDS) : undefined;
  const reserved = await reserveQrCode({ ...input, accountId: account.id });
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
