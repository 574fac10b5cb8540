import type { QrKind } from "@/lib/generated/prisma/enums";

export type SeedCode = {
  accountId: number;
  channel: string;
  campaign?: string | null;
  name: string;
  kind?: QrKind;
  sceneId?: number;
  sceneStr?: string;
  /** The code's own text reply. */
  reply?: string;
};

/**
 * An active code written straight into the database, as if WeChat had issued its ticket: for tests
 * about what happens once codes exist (scans, statistics). Its channel and campaign are made if new.
 */
export async function seedActiveCode(code: SeedCode): Promise<number> {
  const { prisma } = await import("@/lib/db/client");
  const { accountId, channel, campaign, sceneId, sceneStr } = code;
  const scene = String(sceneId ?? sceneStr);
  const ch = await prisma.channel.upsert({
    where: { accountId_name: { accountId, name: channel } },
    create: { accountId, name: channel },
    update: {},
  });
  const cp = campaign
    ? await prisma.campaign.upsert({
        where: { accountId_name: { accountId, name: campaign } },
        create: { accountId, name: campaign },
        update: {},
      })
    : null;
  const row = await prisma.qrCode.create({
    data: {
      account: { connect: { id: accountId } },
      channel: { connect: { id: ch.id } },
      ...(cp ? { campaign: { connect: { id: cp.id } } } : {}),
      name: code.name,
      kind: code.kind ?? "permanent",
      sceneId: sceneId === undefined ? null : BigInt(sceneId),
      sceneStr: sceneStr ?? null,
      status: "active",
      ticket: `t-${scene}`,
      url: `http://weixin.qq.com/q/${scene}`,
      ...(code.reply === undefined ? {} : { reply: { create: { type: "text" as const, content: code.reply } } }),
    },
  });
  return row.id;
}
