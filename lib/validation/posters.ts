import { z } from "zod";
import { NAME_MAX_CHARS, POSTER_LIMITS } from "@/lib/limits";
import { CAPTION_ALIGNS, type CaptionAlign } from "@/lib/posters/layout";
import { rowId, rowIdParam, text } from "./input";

// Poster templates (app/api/posters/**), shared with the dashboard's form. Whether the code lies inside
// the background is judged with the background (lib/posters/layout.ts placementProblem).

const side = POSTER_LIMITS.backgroundSide.max;
const pixel = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number of pixels`)
    .min(0, `${what} must be at least 0`)
    .max(side, `${what} must be at most ${side}`);

const { qrSize, captionSize, captionMaxChars } = POSTER_LIMITS;

const fields = {
  name: text.trim().min(1, "must not be empty").max(NAME_MAX_CHARS, `at most ${NAME_MAX_CHARS} characters`),
  qrX: pixel("qrX"),
  qrY: pixel("qrY"),
  qrSize: z
    .number()
    .int("must be a whole number of pixels")
    .min(qrSize.min, `the code must be at least ${qrSize.min} px`)
    .max(qrSize.max, `the code may be at most ${qrSize.max} px`),
  captionText: text.max(captionMaxChars, `at most ${captionMaxChars} characters`),
  captionX: pixel("captionX"),
  captionY: pixel("captionY"),
  captionSize: z
    .number()
    .int("must be a whole number of pixels")
    .min(captionSize.min, `at least ${captionSize.min} px`)
    .max(captionSize.max, `at most ${captionSize.max} px`),
  captionColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1a2b3c"),
  captionAlign: z.enum(CAPTION_ALIGNS as [CaptionAlign, ...CaptionAlign[]]),
};

/** POST /api/posters (the `template` part; the background is the `background` part). */
export const createPosterSchema = z
  .object({ accountId: rowId.optional(), ...fields, captionAlign: fields.captionAlign.default("center") })
  .strict();
export type CreatePosterInput = z.infer<typeof createPosterSchema>;

/** PUT /api/posters/{id}: what is given changes (a new background may come with it). */
export const updatePosterSchema = z.object(fields).partial().strict();
export type UpdatePosterInput = z.infer<typeof updatePosterSchema>;

export const posterListQuery = z.object({ accountId: rowIdParam.optional() });

/** GET /api/qrcodes/{id}/poster?template= */
export const posterQuery = z.object({ template: rowIdParam });
