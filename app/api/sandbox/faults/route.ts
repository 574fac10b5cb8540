import { authenticateRequest } from "@/lib/auth/authenticate";
import { readBodyWithin } from "@/lib/api/read-body";
import { JSON_BODY_MAX_BYTES } from "@/lib/limits";
import { injectFaultFromRequest } from "@/lib/sandbox/fault-request";
import { requireJsonBody } from "@/lib/api/handler";
import { errorResponse } from "@/lib/api/respond";
import { requireOwnOrigin } from "@/lib/api/same-origin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function error(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** Queue an error for the sandbox's next calls (admin only): {appId, api, errcode, times?, errmsg?}. */
export async function POST(request: Request): Promise<Response> {
  const principal = await authenticateRequest(request);
  if (!principal) return error(401, "unauthorized", "sign in or send an API token");
  try {
    if (principal.role !== "admin") return error(403, "forbidden", "only admins may inject sandbox faults");
    if (principal.kind === "user") requireOwnOrigin(request);
    requireJsonBody(request);
  } catch (refusal) {
    return errorResponse(refusal);
  }
  const body = await readBodyWithin(request, JSON_BODY_MAX_BYTES);
  if (body === null) return error(413, "too_large", `request body is larger than ${JSON_BODY_MAX_BYTES} bytes`);
  const result = await injectFaultFromRequest(body.toString("utf8"));
  return Response.json(result.json, { status: result.status });
}
