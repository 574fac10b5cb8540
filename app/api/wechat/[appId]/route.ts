import { after } from "next/server";
import { InboundError, verifyEcho, WeChatXmlError } from "@/lib/wechat";
import { pruneProcessedMessages } from "@/lib/db/events";
import { webhookAccount } from "@/lib/webhook/accounts";
import { handlePush, MAX_PUSH_BYTES } from "@/lib/webhook/handle-push";
import { readBodyWithin } from "@/lib/api/read-body";

type Context = { params: Promise<{ appId: string }> };

const text = (body: string, status = 200) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
const xml = (body: string) =>
  new Response(body, { headers: { "content-type": body.startsWith("<") ? "application/xml; charset=utf-8" : "text/plain; charset=utf-8" } });

const MAX_SKEW_SECONDS = Number(process.env.WEBHOOK_MAX_SKEW_SECONDS ?? 600);

/** WeChat's server-URL check. */
export async function GET(request: Request, { params }: Context) {
  const account = await webhookAccount((await params).appId);
  if (!account) return text("unknown appId", 404);
  const echo = verifyEcho(account.keys, new URL(request.url).searchParams);
  return echo === null ? text("invalid signature", 401) : text(echo);
}

/** Pushed events and messages. */
export async function POST(request: Request, { params }: Context) {
  const account = await webhookAccount((await params).appId);
  if (!account) return text("unknown appId", 404);
  const bytes = await readBodyWithin(request, MAX_PUSH_BYTES);
  if (bytes === null) return text("body too large", 413);
  const body = bytes.toString("utf8");
  // Now and then, after answering, forget de-duplication keys that no retry can need any more.
  if (Math.random() < 0.001) after(() => pruneProcessedMessages().catch(() => {}));
  try {
    return xml(await handlePush(account, new URL(request.url).searchParams, body, MAX_SKEW_SECONDS));
  } catch (error) {
    if (error instanceof InboundError) return text(error.message, error.status);
    if (error instanceof WeChatXmlError) return text(error.message, 400);
    throw error;
  }
}
