import { z } from "zod";
import { ROLES } from "@/lib/access/roles";

// Users and API tokens as admins manage them (app/api/users/**, app/api/tokens/**), shared with the
// dashboard forms. The password rule is lib/auth/passwords.ts's, restated here without node:crypto
// so the browser can check it too.

export const PASSWORD_LIMITS = { min: 10, max: 1024 } as const;

const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });
const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "at most 254 characters")
  .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address");
const name = z.string().trim().max(100, "at most 100 characters");
export const passwordSchema = z
  .string()
  .min(PASSWORD_LIMITS.min, `must be at least ${PASSWORD_LIMITS.min} characters`)
  .max(PASSWORD_LIMITS.max, `must be at most ${PASSWORD_LIMITS.max} characters`);

/** POST /api/users */
export const createUserSchema = z.object({ email, name: name.default(""), role, password: passwordSchema }).strict();
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** PATCH /api/users/{id}: rename, change the role, or lift a lock-out. */
export const updateUserSchema = z
  .object({ name: name.optional(), role: role.optional(), unlock: z.literal(true).optional() })
  .strict()
  .refine((patch) => patch.name !== undefined || patch.role !== undefined || patch.unlock !== undefined, {
    message: "give name, role or unlock",
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** POST /api/users/{id}/password */
export const resetPasswordSchema = z.object({ password: passwordSchema }).strict();

/** POST /api/tokens */
export const createTokenSchema = z
  .object({ name: z.string().trim().min(1, "must not be empty").max(100, "at most 100 characters"), role })
  .strict();
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

// No 0/O, 1/l/I: the password is read off a screen and typed in by a person (as lib/auth/passwords.ts).
const ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A random password like `k7Fq2-Hx9ma-PzT4e-w8RnC`, from the platform CSPRNG (browser and Node alike). */
export function generatePasswordClient(): string {
  const chars: string[] = [];
  const bytes = new Uint8Array(64);
  const limit = 256 - (256 % ALPHABET.length);
  while (chars.length < 20) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) if (byte < limit && chars.length < 20) chars.push(ALPHABET[byte % ALPHABET.length]);
  }
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join("")).join("-");
}
