import { jsonResponse, queryOf } from "@/lib/sandbox/http";
import { tokenApi } from "@/lib/sandbox/wechat-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's GET cgi-bin/token (WeChat API stand-in). */
export async function GET(request: Request): Promise<Response> {
  return jsonResponse(await tokenApi(queryOf(request)));
}
