import { z } from "zod";
import { ROLES, USER_ROLES } from "@/lib/access/roles";
import { EMAIL_MAX_CHARS, EMAIL_PATTERN, NAME_MAX_CHARS, PASSWORD_LIMITS } from "@/lib/limits";
import { text } from "./input";

// Users and API tokens as admins manage them (app/api/users/**, app/api/tokens/**), shared with the
// dashboard forms.

const userRole = z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(", ")}` });
/** API tokens may also be `integration` (other software's scan-to-follow sign-in). */
const tokenRole = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });
const email = text
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_CHARS, `at most ${EMAIL_MAX_CHARS} characters`)
  .regex(EMAIL_PATTERN, "must be an email address");
const name = text.trim().max(NAME_MAX_CHARS, `at most ${NAME_MAX_CHARS} characters`);
export const passwordSchema = z
  .string()
  .min(PASSWORD_LIMITS.min, `must be at least ${PASSWORD_LIMITS.min} characters`)
  .max(PASSWORD_LIMITS.max, `must be at most ${PASSWORD_LIMITS.max} characters`);

/** POST /api/users */
export const createUserSchema = z.object({ email, name: name.default(""), role: userRole, password: passwordSchema }).strict();
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** PATCH /api/users/{id}: rename, change the role, or lift a lock-out. */
export const updateUserSchema = z
  .object({ name: name.optional(), role: userRole.optional(), unlock: z.literal(true).optional() })
  .strict()
  .refine((patch) => patch.name !== undefined || patch.role !== undefined || patch.unlock !== undefined, {
    message: "give name, role or unlock",
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** POST /api/users/{id}/password */
export const resetPasswordSchema = z.object({ password: passwordSchema }).strict();

/** POST /api/tokens */
export const createTokenSchema = z.object({ name: name.min(1, "must not be empty"), role: tokenRole }).strict();
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
