import { conflict, notFound } from "@/lib/errors";
import { getQrCode, renewQrCodeTicket, type QrCodeView } from "@/lib/db/qrcodes";
import { resolveAccount } from "@/lib/db/resolve-account";
import { DEFAULT_EXPIRE_SECONDS } from "@/lib/limits";
import type { RenewQrCodeInput } from "@/lib/validation/qrcodes";
import { wechatClientFor } from "@/lib/accounts/wechat-client";
import type { AuditActor } from "@/lib/db/audit";

/**
 * WeChat never extends a temporary ticket, but it issues a new one for the same scene: the code
 * keeps its id, scene, reply and statistics and only its ticket, url and expiry change.
 * Printed copies of the old image stay dead; the new image must be printed again.
 */
export async function renewQrCode(id: number, input: RenewQrCodeInput, actor: AuditActor): Promise<QrCodeView> {
  const code = await getQrCode(id);
  if (!code) throw notFound("QR code");
  if (code.kind === "permanent") throw conflict("permanent_code", "Permanent codes never expire; there is nothing to renew");
  if (code.status !== "expired")
    throw conflict("still_active", `This code is valid until ${code.expiresAt}; renew it once it has expired`);

  const account = await resolveAccount(code.accountId);
  const expireSeconds = input.expireSeconds ?? code.expireSeconds ?? DEFAULT_EXPIRE_SECONDS;
  const issued = await wechatClientFor(account).createQrCode({
    kind: "temporary",
    sceneId: code.sceneId ?? undefined,
    sceneStr: code.sceneId === null ? (code.sceneStr ?? undefined) : undefined,
    expireSeconds,
  });
  const renewed = await renewQrCodeTicket(
    id,
    {
      ticket: issued.ticket,
      url: issued.url,
      expireSeconds: issued.expireSeconds ?? expireSeconds,
    },
    new Date(),
    actor,
  );
  if (!renewed) throw conflict("still_active", "This code was renewed a moment ago by someone else");
  return renewed;
}
