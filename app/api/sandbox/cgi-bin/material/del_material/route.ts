import { jsonResponse, queryOf, withBody } from "@/lib/sandbox/http";
import { deleteMaterialApi } from "@/lib/sandbox/material-api";
import { requirePostApi } from "@/lib/sandbox/wechat-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's POST cgi-bin/material/del_material (WeChat API stand-in), JSON {media_id}. */
export async function POST(request: Request): Promise<Response> {
  return withBody(request, (body) => deleteMaterialApi(queryOf(request), body));
}

export async function GET(): Promise<Response> {
  return jsonResponse(requirePostApi());
}
