import { z } from "zod";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@/lib/audit";

// GET /api/audit: which entries, and which page of them.

export const AUDIT_PAGE_SIZE = { default: 50, max: 200 } as const;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const kinds = [...new Set(AUDIT_ACTIONS.map((action) => action.split(".")[0]))];
/** An ISO 8601 instant (`2026-12-01T16:00:00Z`, with any offset) or a day (`2026-12-01`, midnight UTC). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "use an ISO 8601 date or date-time" })
  .transform((value) => new Date(value));

export const auditQuery = z
  .object({
    /** `user:<id>`, `token:<id>`, or a kind alone (`user`, `token`, `cli`, `system`). */
    actor: z
      .string()
      .regex(/^(?:(?:user|token)(?::[1-9][0-9]{0,9})?|cli|system)$/, "use user:<id>, token:<id>, user, token, cli or system")
      .optional(),
    /** One action (`reply.update`) or every action on one kind of thing (`reply`). */
    action: z.enum([...AUDIT_ACTIONS, ...kinds] as [string, ...string[]]).optional(),
    targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
    targetId: id.optional(),
    from: instant.optional(),
    to: instant.optional(),
    cursor: id.optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE.max).default(AUDIT_PAGE_SIZE.default),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "must be after from", path: ["to"] })
  .transform(({ actor, ...rest }) => {
    const [actorKind, actorId] = actor?.split(":") ?? [];
    return {
      ...rest,
      actorKind: actorKind as "user" | "token" | "cli" | "system" | undefined,
      actorId: actorId === undefined ? undefined : Number(actorId),
    };
  });
export type AuditQuery = z.output<typeof auditQuery>;
