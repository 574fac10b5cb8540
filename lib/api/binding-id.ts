import { badRequest } from "./errors";
import { BINDING_ID_PATTERN } from "@/lib/db/bindings";

/** A route's binding {id}: `bnd_` and 22 base64url characters, as POST /api/bindings hands them out. */
export function parseBindingId(value: string | undefined): string {
  if (!BINDING_ID_PATTERN.test(value ?? ""))
    throw badRequest("invalid_id", "binding id must be bnd_ followed by 22 characters", "id");
  return value as string;
}
