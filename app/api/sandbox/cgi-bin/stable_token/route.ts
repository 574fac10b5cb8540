import { jsonResponse } from "@/lib/sandbox/http";
import { requirePostApi, stableTokenApi } from "@/lib/sandbox/wechat-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's POST cgi-bin/stable_token (WeChat API stand-in). */
export async function POST(request: Request): Promise<Response> {
  return jsonResponse(await stableTokenApi(await request.text()));
}

export async function GET(): Promise<Response> {
  return jsonResponse(requirePostApi());
}
