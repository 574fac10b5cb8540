import { jsonResponse, queryOf } from "@/lib/sandbox/http";
import { materialCountApi } from "@/lib/sandbox/material-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's GET cgi-bin/material/get_materialcount (WeChat API stand-in). */
export async function GET(request: Request): Promise<Response> {
  return jsonResponse(await materialCountApi(queryOf(request)));
}
