import type { ZodType } from "zod";
import { ApiError, badRequest, forbidden, unauthorized } from "./errors";
import { errorResponse } from "./respond";
import { readTextWithin } from "./read-body";
import { requireOwnOrigin } from "./same-origin";
import { authenticateRequest, type Principal } from "@/lib/auth/authenticate";
import { can, type Permission } from "@/lib/access/roles";
import { JSON_BODY_MAX_BYTES } from "@/lib/limits";
import { isRowId, NUL_MESSAGE, nulPath, ROW_ID_MESSAGE } from "@/lib/validation/input";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export type ApiContext = { request: Request; principal: Principal; params: Record<string, string> };

/**
 * Every JSON route: authenticate, check the permission, check that a change made with the session
 * cookie comes from our own pages, run, map errors. Nothing else.
 */
export function withApi(permission: Permission, handler: (ctx: ApiContext) => Promise<Response>) {
  return async (request: Request, route?: RouteContext): Promise<Response> => {
    try {
      const principal = await authenticateRequest(request);
      if (!principal) throw unauthorized();
      if (!can(principal, permission)) throw forbidden();
      if (principal.kind === "user") requireOwnOrigin(request);
      const params = Object.fromEntries(
        Object.entries((await route?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
      );
      return await handler({ request, principal, params });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

/**
 * A JSON body must say so: `text/plain` (what an HTML form can send to another site without asking)
 * is refused with 415, for every caller, before the body is read.
 */
export function requireJsonBody(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
}

/** Reads and validates a JSON body; malformed or oversized JSON is a 400/413 before any work. */
export async function readJson<T>(request: Request, schema: ZodType<T>): Promise<T> {
  requireJsonBody(request);
  return schema.parse(parseJson(await readTextWithin(request, JSON_BODY_MAX_BYTES)));
}

/** A JSON body the caller may leave out: no body at all reads as `{}`. */
export async function readOptionalJson<T>(request: Request, schema: ZodType<T>): Promise<T> {
  const body = await readTextWithin(request, JSON_BODY_MAX_BYTES);
  if (!body.trim()) return schema.parse({});
  requireJsonBody(request);
  return schema.parse(parseJson(body));
}

function parseJson(body: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw badRequest("invalid_json", "request body is not valid JSON");
  }
  refuseNul(data);
  return data;
}

export function readQuery<T>(request: Request, schema: ZodType<T>): T {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  refuseNul(query);
  return schema.parse(query);
}

/** Whatever a route's schema says: no NUL reaches PostgreSQL, in any field of any input. */
function refuseNul(input: unknown) {
  const field = nulPath(input);
  if (field === null) return;
  throw field === ""
    ? badRequest("invalid_input", `the request ${NUL_MESSAGE}`)
    : badRequest("invalid_input", `${field}: ${NUL_MESSAGE}`, field);
}

/** A route's {id}: digits naming a row that can exist (ROW_ID). */
export function parseId(value: string | undefined, what: string): number {
  const id = /^\d{1,10}$/.test(value ?? "") ? Number(value) : Number.NaN;
  if (!isRowId(id)) throw badRequest("invalid_id", `${what} id ${ROW_ID_MESSAGE}`, "id");
  return id;
}
