import { z } from "zod";
import { BINDING_LIMITS, NAME_MAX_CHARS } from "@/lib/limits";
import { rowId, text } from "./input";

const { expireSeconds, stateMaxChars, waitSeconds } = BINDING_LIMITS;

/** POST /api/bindings */
export const createBindingSchema = z
  .object({
    state: text.max(stateMaxChars, `at most ${stateMaxChars} characters`).optional(),
    channel: text.trim().min(1, "must not be empty").max(NAME_MAX_CHARS, `at most ${NAME_MAX_CHARS} characters`).optional(),
    expireSeconds: z
      .number()
      .int("must be a whole number of seconds")
      .min(expireSeconds.min, `at least ${expireSeconds.min} seconds`)
      .max(expireSeconds.max, `at most ${expireSeconds.max} seconds`)
      .optional(),
    accountId: rowId.optional(),
  })
  .strict();
export type CreateBindingInput = z.infer<typeof createBindingSchema>;

/** GET /api/bindings/{id}: `wait` seconds to hold the answer until the code is scanned (0: answer now). */
export const bindingQuery = z
  .object({
    wait: z.coerce
      .number()
      .int("must be a whole number of seconds")
      .min(0, "must not be negative")
      .max(waitSeconds.max, `at most ${waitSeconds.max} seconds`)
      .default(0),
  })
  .strict();
