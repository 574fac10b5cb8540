import { imageResponse, queryOf } from "@/lib/sandbox/http";
import { showQrCodeApi } from "@/lib/sandbox/wechat-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The sandbox's GET cgi-bin/showqrcode?ticket= (PNG; WeChat serves JPEG). */
export async function GET(request: Request): Promise<Response> {
  return imageResponse(await showQrCodeApi(queryOf(request)));
}
