import { z } from "zod";

/** WeChat's limits (SPEC §3), shared by the API, the forms and the sandbox. */
export const LIMITS = {
  tempExpireMin: 60,
  tempExpireMax: 2_592_000,
  tempSceneIdMax: 4_294_967_295,
  permSceneIdMax: 100_000,
  sceneStrMax: 64,
  permanentQuota: 100_000,
} as const;

export const DEFAULT_EXPIRE_SECONDS = LIMITS.tempExpireMax;

// Links in replies open inside WeChat: web addresses only (no javascript:, data: …).
const httpUrl = z.url({ protocol: /^https?$/ }).max(1024);

export const replySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), content: z.string().trim().min(1).max(2048) }),
  z.object({ type: z.literal("image"), mediaId: z.string().trim().min(1).max(128) }),
  z.object({
    type: z.literal("news"),
    title: z.string().trim().min(1).max(64),
    description: z.string().max(512).optional(),
    picUrl: httpUrl.optional(),
    url: httpUrl.optional(),
  }),
]);
export type ReplyInput = z.infer<typeof replySchema>;

const name = z.string().trim().min(1).max(100);

export const createQrCodeSchema = z
  .object({
    name,
    channel: name,
    campaign: name.optional(),
    accountId: z.number().int().positive().optional(),
    kind: z.enum(["temporary", "permanent"]),
    sceneId: z.number().int().min(1).max(LIMITS.tempSceneIdMax).optional(),
    sceneStr: z
      .string()
      .min(1)
      .refine((s) => [...s].length <= LIMITS.sceneStrMax, `at most ${LIMITS.sceneStrMax} characters`)
      .optional(),
    expireSeconds: z.number().int().min(LIMITS.tempExpireMin).max(LIMITS.tempExpireMax).optional(),
    reply: replySchema.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.sceneId !== undefined && input.sceneStr !== undefined)
      ctx.addIssue({ code: "custom", path: ["sceneStr"], message: "give sceneId or sceneStr, not both" });
    if (input.kind === "permanent" && input.sceneId !== undefined && input.sceneId > LIMITS.permSceneIdMax)
      ctx.addIssue({ code: "custom", path: ["sceneId"], message: `permanent integer scenes are 1…${LIMITS.permSceneIdMax}` });
    if (input.kind === "permanent" && input.expireSeconds !== undefined)
      ctx.addIssue({ code: "custom", path: ["expireSeconds"], message: "permanent codes do not expire" });
  });
export type CreateQrCodeInput = z.infer<typeof createQrCodeSchema>;

export const listQrCodesQuery = z.object({
  accountId: z.coerce.number().int().positive().optional(),
  q: z.string().max(100).optional(),
  channel: z.string().max(100).optional(),
  campaign: z.string().max(100).optional(),
  kind: z.enum(["temporary", "permanent"]).optional(),
  status: z.enum(["active", "expired"]).optional(),
  sort: z.enum(["newest", "name", "expiry"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const imageQuery = z.object({
  format: z.enum(["png", "svg"]).default("png"),
  size: z.coerce.number().int().min(64).max(2048).default(430),
  margin: z.coerce.number().int().min(0).max(10).default(2),
});
