import { z } from "zod";
import { NOTE_MAX_CHARS, NAME_MAX_CHARS } from "@/lib/limits";
import { day, rowId, text } from "./input";

// Channels and campaigns as their management pages change them (app/api/channels/**, app/api/campaigns/**),
// shared with the dashboard forms.

const name = text.trim().min(1, "must not be empty").max(NAME_MAX_CHARS, `at most ${NAME_MAX_CHARS} characters`);

/** PATCH /api/channels/{id} */
export const renameChannelSchema = z.object({ name }).strict();

/** POST /api/channels/{id}/merge: the channel that takes over this one's codes and statistics. */
export const mergeChannelSchema = z.object({ into: rowId }).strict();

/** PATCH /api/campaigns/{id}: what is given changes; null clears a date or the note. */
export const updateCampaignSchema = z
  .object({
    name: name.optional(),
    startsOn: day.nullable().optional(),
    endsOn: day.nullable().optional(),
    note: text.max(NOTE_MAX_CHARS, `at most ${NOTE_MAX_CHARS} characters`).nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: "give name, startsOn, endsOn or note",
  })
  .refine((patch) => !patch.startsOn || !patch.endsOn || patch.startsOn <= patch.endsOn, {
    message: "must not be before startsOn",
    path: ["endsOn"],
  });
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;
