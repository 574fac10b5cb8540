import { z } from "zod";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "not a calendar date");

export const statsQuery = z
  .object({
    from: day,
    to: day,
    groupBy: z.enum(["channel", "campaign", "qrcode"]).default("channel"),
    accountId: z.coerce.number().int().positive().optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "must not be before from" })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { path: ["to"], message: "the range is limited to 366 days" });

export const eventsExportQuery = z
  .object({
    from: day,
    to: day,
    accountId: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "must not be before from" });
