import { jsonResponse, queryOf } from "@/lib/sandbox/http";
import { tagsGetApi } from "@/lib/sandbox/messaging-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's GET cgi-bin/tags/get (WeChat API stand-in; WeChat also takes a POST). */
export async function GET(request: Request): Promise<Response> {
  return jsonResponse(await tagsGetApi(queryOf(request)));
}

export const POST = GET;
