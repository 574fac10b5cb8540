import { notFound } from "@/lib/errors";
import { getQrCode, type QrCodeView } from "@/lib/db/qrcodes";
import { NAME_MAX_CHARS } from "@/lib/limits";
import type { DuplicateQrCodeInput } from "@/lib/validation/qrcodes";
import type { AuditActor } from "@/lib/db/audit";
import { createQrCode } from "./create";

const COPY_MARK = " (2)";

/**
 * A new code like `id`: same account, channel, campaign, kind, lifetime, reply and note, with a scene
 * and ticket of its own (a permanent copy takes one of the quota). Not its schedule, nor its archiving.
 */
export async function duplicateQrCode(id: number, input: DuplicateQrCodeInput, actor: AuditActor): Promise<QrCodeView> {
  const code = await getQrCode(id);
  if (!code) throw notFound("QR code");
  const name = input.name ?? [...code.name].slice(0, NAME_MAX_CHARS - COPY_MARK.length).join("") + COPY_MARK;
  return createQrCode(
    {
      accountId: code.accountId,
      name,
      channel: code.channel,
      campaign: code.campaign ?? undefined,
      kind: code.kind,
      expireSeconds: code.kind === "temporary" ? (code.expireSeconds ?? undefined) : undefined,
      reply: code.reply ?? undefined,
      note: code.note ?? undefined,
    },
    actor,
  );
}
