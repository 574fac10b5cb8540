import { jsonResponse, queryOf, withBody } from "@/lib/sandbox/http";
import { tagIdListApi } from "@/lib/sandbox/messaging-api";
import { requirePostApi } from "@/lib/sandbox/wechat-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's POST cgi-bin/tags/getidlist (WeChat API stand-in). */
export async function POST(request: Request): Promise<Response> {
  return withBody(request, (body) => tagIdListApi(queryOf(request), body));
}

export async function GET(): Promise<Response> {
  return jsonResponse(requirePostApi());
}
