import { InboundError, PUSH_ACCEPTANCE, sealReply, verifyEcho, WeChatXmlError } from "@/lib/wechat";
import { pruneProcessedMessages } from "@/lib/db/events";
import { config } from "@/lib/config";
import { hasNul } from "@/lib/validation/input";
import { WebhookDirectory } from "./directory";
import { OverloadedError } from "./group-commit";
import { openPush, type Push } from "./push";
import { createRecorder, type Recorder } from "./recorder";

export type WebhookAnswer = { status: number; body: string; contentType: string };

// One directory and one group-commit queue per process, shared by the node:http front and Next's
// route handler (each bundle has its own copy of this module).
const shared = globalThis as unknown as {
  qudaoWebhook?: { directory: WebhookDirectory; recorder: Recorder; maxSkewSeconds: number };
};
function webhook() {
  if (!shared.qudaoWebhook) {
    const directory = new WebhookDirectory();
    shared.qudaoWebhook = { directory, recorder: createRecorder(directory), maxSkewSeconds: config().webhookMaxSkewSeconds };
  }
  return shared.qudaoWebhook;
}

const text = (status: number, body: string): WebhookAnswer => ({ status, body, contentType: "text/plain; charset=utf-8" });
/** A passive reply is XML; "success" (nothing to say) is plain text. */
const reply = (body: string): WebhookAnswer =>
  body.startsWith("<") ? { status: 200, body, contentType: "application/xml; charset=utf-8" } : text(200, body);

function refusal(error: unknown): WebhookAnswer | null {
  if (error instanceof InboundError) return text(error.status, error.message);
  if (error instanceof WeChatXmlError) return text(error.code === "too_large" ? 413 : 400, error.message);
  return null;
}

/** The account an appId in the URL names; an appId no account can have is not looked up. */
function accountOf(appId: string, opts?: { fresh?: boolean }) {
  return hasNul(appId) ? null : webhook().directory.account(appId, opts);
}

/** WeChat's server-URL check: echostr back when the signature holds. Keys read fresh: it is rare and must be right. */
export async function answerVerification(appId: string, query: URLSearchParams): Promise<WebhookAnswer> {
  const { maxSkewSeconds } = webhook();
  const account = await accountOf(appId, { fresh: true });
  if (!account) return text(404, "unknown appId");
  const echo = verifyEcho(account.keys, query, { maxSkewSeconds });
  return echo === null ? text(401, "invalid signature") : text(200, echo);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** WeChat sends its XML as is, in UTF-8: a compressed body is never inflated (no bombs), other bytes are refused. */
function pushText(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

const identity = (encoding: string | null | undefined) => !encoding || encoding.trim().toLowerCase() === "identity";

/**
 * One push from WeChat: 404 for an unknown appId, 413 for a body over the limit, 4xx for anything
 * that fails a check (nothing written), else 200 with the sealed reply once the event is durable.
 */
export async function answerPush(
  appId: string,
  query: URLSearchParams,
  readBody: (limit: number) => Promise<Buffer | null>,
  contentEncoding?: string | null,
): Promise<WebhookAnswer> {
  const { directory, recorder, maxSkewSeconds } = webhook();
  let account = await accountOf(appId);
  if (!account) return text(404, "unknown appId");
  if (!identity(contentEncoding)) return text(415, "a compressed body (Content-Encoding) is not accepted");
  const bytes = await readBody(PUSH_ACCEPTANCE.maxBytes);
  if (bytes === null) return text(413, "body too large");
  const body = pushText(bytes);
  if (body === null) return text(400, "body is not UTF-8");

  let push: Push;
  try {
    push = openPush(account, query, body, maxSkewSeconds);
  } catch (error) {
    const refused = refusal(error);
    if (!refused) throw error;
    // A Token or EncodingAESKey changed on another instance: check once more with the stored keys.
    const reloaded =
      refused.status === 401 || refused.status === 400 ? await directory.reloadAfterFailure(appId, account) : undefined;
    if (!reloaded) return refused;
    account = reloaded;
    try {
      push = openPush(account, query, body, maxSkewSeconds);
    } catch (again) {
      const refusedAgain = refusal(again);
      if (!refusedAgain) throw again;
      return refusedAgain;
    }
  }

  let replyXml: string;
  try {
    replyXml = await recorder.submit(push);
  } catch (error) {
    if (error instanceof OverloadedError) return text(503, error.message);
    throw error;
  }
  // Now and then, after answering, forget de-duplication keys that no retry can need any more.
  if (Math.random() < 0.0005) setImmediate(() => pruneProcessedMessages().catch(() => {}));
  return reply(sealReply(account.keys, replyXml, push.inbound));
}
