import { readBodyWithin } from "@/lib/api/read-body";
import { jsonResponse, queryOf } from "@/lib/sandbox/http";
import { addMaterialApi } from "@/lib/sandbox/material-api";
import { MATERIAL_RULES } from "@/lib/wechat/limits";
import { requirePostApi } from "@/lib/sandbox/wechat-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's POST cgi-bin/material/add_material (WeChat API stand-in), multipart with `media`. */
export async function POST(request: Request): Promise<Response> {
  const body = await readBodyWithin(request, MATERIAL_RULES.uploadMaxBytes);
  const contentType = request.headers.get("content-type") ?? "";
  return jsonResponse(await addMaterialApi(queryOf(request), { contentType, body }));
}

export async function GET(): Promise<Response> {
  return jsonResponse(requirePostApi());
}
