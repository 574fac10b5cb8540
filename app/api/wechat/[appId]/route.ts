import { readBodyWithin } from "@/lib/api/read-body";
import { answerPush, answerVerification, type WebhookAnswer } from "@/lib/webhook/answer";

// In production the node:http front (lib/server/webhook-front.ts) answers these requests before
// Next sees them; this route serves `next dev` with the same code.

type Context = { params: Promise<{ appId: string }> };

function respond({ status, body, contentType }: WebhookAnswer): Response {
  return new Response(body, { status, headers: { "content-type": contentType } });
}

/** WeChat's server-URL check. */
export async function GET(request: Request, { params }: Context) {
  return respond(await answerVerification((await params).appId, new URL(request.url).searchParams));
}

/** Pushed events and messages. */
export async function POST(request: Request, { params }: Context) {
  const query = new URL(request.url).searchParams;
  const read = (limit: number) => readBodyWithin(request, limit);
  return respond(await answerPush((await params).appId, query, read, request.headers.get("content-encoding")));
}
