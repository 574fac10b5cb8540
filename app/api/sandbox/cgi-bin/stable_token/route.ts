import { jsonResponse, withBody } from "@/lib/sandbox/http";
import { requirePostApi, stableTokenApi } from "@/lib/sandbox/wechat-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's POST cgi-bin/stable_token (WeChat API stand-in). */
export async function POST(request: Request): Promise<Response> {
  return withBody(request, (body) => stableTokenApi(body));
}

export async function GET(): Promise<Response> {
  return jsonResponse(requirePostApi());
}
