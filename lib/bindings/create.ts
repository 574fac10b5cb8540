import { config } from "@/lib/config";
import { BINDING_LIMITS } from "@/lib/limits";
import { drawScene } from "@/lib/qrcodes/drawn-scenes";
import { wechatClientFor } from "@/lib/accounts/wechat-client";
import { resolveAccount } from "@/lib/db/resolve-account";
import { ensureSignInCode, insertBinding, type BindingView } from "@/lib/db/bindings";
import type { AuditActor } from "@/lib/db/audit";
import type { CreateBindingInput } from "@/lib/validation/bindings";
import { issuing } from "@/lib/qrcodes/issue-gate";
import { DEFAULT_SIGN_IN_CHANNEL, SIGN_IN_REPLY_TEXT, signInCodeName } from "./sign-in";

export type CreatedBinding = BindingView & { ticket: string; url: string; imageUrl: string };

/**
 * A binding: a fresh drawn scene of the channel's sign-in code, a temporary ticket for it from
 * WeChat (QR_STR_SCENE), stored in its own table. Nothing else is written (one row per binding, no
 * lock, no allocator), so thousands a minute neither collide nor touch other codes' scenes.
 */
export async function createBinding(input: CreateBindingInput, actor: AuditActor): Promise<CreatedBinding> {
  const account = await resolveAccount(input.accountId);
  const channel = input.channel ?? DEFAULT_SIGN_IN_CHANNEL;
  const qrCodeId = await ensureSignInCode(
    account.id,
    channel,
    { name: signInCodeName(channel), replyText: SIGN_IN_REPLY_TEXT },
    actor,
  );
  const scene = drawScene(qrCodeId);
  const expireSeconds = input.expireSeconds ?? BINDING_LIMITS.expireSeconds.default;
  const issued = await issuing(() =>
    wechatClientFor(account).createQrCode({ kind: "temporary", sceneStr: scene, expireSeconds }),
  );
  const binding = await insertBinding({
    accountId: account.id,
    qrCodeId,
    scene,
    state: input.state ?? null,
    ticket: issued.ticket,
    url: issued.url,
    expiresAt: new Date(Date.now() + (issued.expireSeconds ?? expireSeconds) * 1000),
  });
  return { ...binding, imageUrl: `${config().publicUrl.replace(/\/$/, "")}/api/bindings/${binding.id}/image` };
}
