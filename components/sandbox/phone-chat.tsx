"use client";
import { Avatar, Bubble, ChatTitle, ImageSource, MiniProgramBubble } from "@/components/replies/phone-preview";
import { deliveredReply } from "@/components/replies/reply-draft";
import { useT } from "@/lib/i18n/client";
import type { FollowerView } from "@/lib/sandbox/interactions";
import type { CustomMessage } from "@/lib/wechat";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import type { Json } from "@/lib/wire";

type View = Json<FollowerView>;
type Line =
  | { kind: "did"; at: string; what: View["interactions"][number] }
  | { kind: "got"; at: string; message: View["messages"][number] };

const str = (value: unknown) => (typeof value === "string" ? value : "");

/** A received message as the bubble shows it: passive replies carry the XML's fields, customer-service ones the API's. */
function asBubble(message: View["messages"][number]): ReplyInput | CustomMessage | null {
  const c = (message.content ?? {}) as Record<string, unknown>;
  if (message.origin === "passive") return deliveredReply({ MsgType: message.msgtype, ...(c as Record<string, string>) });
  if (message.msgtype === "text") return { type: "text", content: str(c.content) };
  if (message.msgtype === "image") return { type: "image", mediaId: str(c.media_id) };
  if (message.msgtype === "news")
    return { type: "news", title: str(c.title), description: str(c.description), url: str(c.url), picUrl: str(c.picurl) };
  if (message.msgtype === "miniprogrampage")
    return {
      type: "miniprogrampage",
      title: str(c.title),
      appId: str(c.appid),
      pagePath: str(c.pagepath),
      thumbMediaId: str(c.thumb_media_id),
    };
  return null;
}

/** What the person did and received, in time order (what they did first when both happened in the same millisecond). */
function timeline(view: View): Line[] {
  const lines: Line[] = [
    ...view.interactions.map((what) => ({ kind: "did" as const, at: what.at, what })),
    ...view.messages.map((message) => ({ kind: "got" as const, at: message.sentAt, message })),
  ];
  return lines.sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? 0 : a.kind === "did" ? -1 : 1));
}

/** Keys that stay the same while the timeline grows: what happened, when, and how many alike came before. */
function keyed(lines: Line[]): { line: Line; key: string }[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const base = `${line.kind}:${line.at}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { line, key: `${base}:${n}` };
  });
}

/**
 * The person's chat with the account as their phone shows it: their own actions as small grey
 * lines, every message they received (passive replies and customer-service messages) as bubbles.
 */
export function PhoneChat({
  accountName,
  view,
  codeName,
}: {
  accountName: string;
  view: View;
  codeName: (scene: string) => string;
}) {
  const t = useT();
  const initial = [...(accountName.trim() || "公")][0];
  const lines = timeline(view);
  const time = (at: string) =>
    new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(at));
  const describe = (what: View["interactions"][number]) => {
    if (what.kind === "subscribe")
      return what.detail ? t("sandbox.did.subscribeCode", { code: codeName(what.detail) }) : t("sandbox.did.subscribe");
    if (what.kind === "scan") return t("sandbox.did.scan", { code: codeName(what.detail ?? "") });
    if (what.kind === "unsubscribe") return t("sandbox.did.unsubscribe");
    return t("sandbox.did.text", { text: what.detail ?? "" });
  };
  // An image the follower received is the sandbox's own material: its bytes are served by media_id.
  const material = (mediaId: string) =>
    mediaId ? `/api/sandbox/material/${encodeURIComponent(mediaId)}?appId=${encodeURIComponent(view.appId)}` : undefined;
  return (
    <ImageSource.Provider value={material}>
      <figure
        className="w-full max-w-[340px] shrink-0 rounded-[30px] border-[7px] border-slate-800 bg-slate-800 shadow-md"
        data-testid="sandbox-phone"
        aria-label={t("replies.preview.label")}
      >
        <div className="overflow-hidden rounded-[23px] bg-[#ededed]">
          <ChatTitle accountName={accountName} className="max-w-[220px]" />
          <div className="flex h-[420px] flex-col gap-3 overflow-y-auto px-3 py-3" data-testid="sandbox-chat">
            {lines.length === 0 && (
              <p
                className="mx-auto rounded bg-black/5 px-2 py-1 text-center text-[11px] text-slate-500"
                data-testid="phone-empty"
              >
                {t("sandbox.phoneEmpty")}
              </p>
            )}
            {keyed(lines).map(({ line, key }) => {
              if (line.kind === "did")
                return (
                  <p
                    key={key}
                    className="text-center text-[11px] text-slate-400"
                    data-testid="sandbox-did"
                    data-kind={line.what.kind}
                  >
                    {time(line.at)} · {describe(line.what)}
                  </p>
                );
              const bubble = asBubble(line.message);
              if (!bubble) return null;
              return (
                <div key={key} className="flex items-start gap-2" data-testid="sandbox-got" data-origin={line.message.origin}>
                  <Avatar initial={initial} />
                  {bubble.type === "miniprogrampage" ? <MiniProgramBubble message={bubble} /> : <Bubble reply={bubble} />}
                </div>
              );
            })}
          </div>
        </div>
      </figure>
    </ImageSource.Provider>
  );
}
