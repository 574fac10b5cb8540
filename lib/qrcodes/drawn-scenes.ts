import { randomChars } from "@/lib/random";

/**
 * Scenes Qudao draws for itself, one per ticket, for codes that hand out many tickets: a live code's
 * per-visitor tickets and the sign-in (binding) tickets of a channel. Each is a temporary string scene
 * `qd.<codeId>.<token>`: the code it counts for is in the scene itself, and 16 random base64url
 * characters (96 bits) never collide and never run out, so no allocator and no lock are needed.
 * A user-chosen string scene may not start with the prefix (lib/validation/qrcodes.ts, which the
 * browser runs too: so no Node import here, or the client bundle gets Node's polyfills).
 */
export const DRAWN_SCENE_PREFIX = "qd.";

/** One pattern for JavaScript and for PostgreSQL (lib/db/webhook-config.ts): the code id, then the token. */
export const DRAWN_SCENE_PATTERN = "^qd\\.([1-9][0-9]{0,8})\\.([A-Za-z0-9_-]{16})$";
const DRAWN_SCENE = new RegExp(DRAWN_SCENE_PATTERN);
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function drawScene(codeId: number): string {
  return `${DRAWN_SCENE_PREFIX}${codeId}.${randomChars(TOKEN_ALPHABET, 16)}`;
}

/** The code a drawn scene counts for, or null when the scene is not one Qudao drew. */
export function drawnSceneCode(scene: string): number | null {
  const match = DRAWN_SCENE.exec(scene);
  return match ? Number(match[1]) : null;
}
