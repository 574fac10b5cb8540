"use client";
import { createContext, useContext, useState } from "react";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import type { CustomMessage } from "@/lib/wechat";
import { useT } from "@/lib/i18n/client";
import { errcodeKey } from "@/lib/i18n/messages/wechat-errors";

/** A customer-service message after the passive reply, with what became of it (none: a preview of what would go). */
export type FollowUpBubble = {
  message: CustomMessage;
  status?: "sending" | "sent" | "failed" | "unconfirmed" | "untracked";
  errcode?: number | null;
  errmsg?: string | null;
};

/** WeChat renders `<a href="…">text</a>` in text replies as a link; everything else is shown as typed. */
function TextWithLinks({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  const link = /<a\s+href\s*=\s*(["'])(.*?)\1\s*>(.*?)<\/a>/gis;
  let last = 0;
  for (const match of text.matchAll(link)) {
    parts.push(text.slice(last, match.index));
    parts.push(
      <span key={match.index} className="text-[#576b95]" title={match[2]}>
        {match[3]}
      </span>,
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

/** Where the picture of an image message's media_id can be loaded from here (none known: a placeholder is shown). */
export const ImageSource = createContext<(mediaId: string) => string | undefined>(() => undefined);

/** The address of a media_id's picture, until it fails to load; and what to call when it does. */
function useImageOf(mediaId: string): [string | undefined, () => void] {
  const src = useContext(ImageSource)(mediaId);
  const [failed, setFailed] = useState<string | null>(null);
  return [src && failed !== src ? src : undefined, () => setFailed(src ?? null)];
}

/** The picture itself when its address is known and it loads; else the grey placeholder with the media_id. */
function ImageBubble({ mediaId, placeholder }: { mediaId: string; placeholder: React.ReactNode }) {
  const [src, failed] = useImageOf(mediaId);
  if (!src) return placeholder;
  return (
    <img
      src={src}
      alt=""
      className="max-h-40 max-w-[144px] rounded-md bg-slate-200 object-contain"
      data-testid="phone-bubble"
      data-image="shown"
      data-media-id={mediaId}
      onError={failed}
    />
  );
}

/** An image reply in a table: its thumbnail (media_id on hover) when the library has it, else the media_id. */
export function ReplyImageThumb({ mediaId }: { mediaId: string }) {
  const [src, failed] = useImageOf(mediaId);
  if (!src) return <span className="min-w-0 break-all font-mono text-xs text-slate-600">{mediaId}</span>;
  return (
    <img
      src={src}
      alt={mediaId}
      title={mediaId}
      className="h-12 w-12 shrink-0 rounded bg-slate-100 object-cover"
      data-testid="reply-image-thumb"
      data-media-id={mediaId}
      onError={failed}
    />
  );
}

const httpUrl = (value?: string) => (value && /^https?:\/\//i.test(value) ? value : undefined);

function ImagePlaceholder({ mediaId }: { mediaId: string }) {
  const t = useT();
  return (
    <div
      className="flex h-32 w-36 flex-col items-center justify-center gap-1 rounded-md bg-slate-300 px-2 text-center text-slate-600"
      data-testid="phone-bubble"
    >
      <svg aria-hidden viewBox="0 0 24 24" className="h-8 w-8" fill="none" stroke="currentColor" strokeWidth="1.5">
        <rect x="3" y="5" width="18" height="14" rx="2" />
        <circle cx="9" cy="10" r="1.5" />
        <path d="m4 17 5-5 4 4 3-3 4 4" />
      </svg>
      <span className="text-[11px]">{t("replies.preview.image")}</span>
      <span className="w-full truncate font-mono text-[10px]" title={mediaId}>
        {mediaId || "media_id"}
      </span>
    </div>
  );
}

export function Bubble({ reply }: { reply: ReplyInput }) {
  const t = useT();
  if (reply.type === "text")
    return (
      <div
        className="relative max-w-[184px] rounded-md bg-white px-2.5 py-2 text-[14px] leading-snug break-words whitespace-pre-wrap text-slate-900"
        data-testid="phone-bubble"
      >
        <span aria-hidden className="absolute top-3 -left-1 h-2.5 w-2.5 rotate-45 bg-white" />
        <span className="relative">
          {reply.content.trim() ? <TextWithLinks text={reply.content} /> : <span className="text-slate-400">…</span>}
        </span>
      </div>
    );
  if (reply.type === "image")
    return <ImageBubble mediaId={reply.mediaId} placeholder={<ImagePlaceholder mediaId={reply.mediaId} />} />;
  const picture = httpUrl(reply.picUrl);
  return (
    <div className="w-[196px] rounded-md bg-white p-2.5" data-testid="phone-bubble">
      <p className="line-clamp-2 text-[14px] leading-snug font-medium break-words text-slate-900">
        {reply.title || <span className="text-slate-400">{t("replies.field.title")}</span>}
      </p>
      <div className="mt-1.5 flex items-start gap-2">
        <p className="line-clamp-3 min-h-[2.5em] flex-1 text-[12px] leading-snug break-words text-slate-500">
          {reply.description}
        </p>
        {picture ? (
          <img src={picture} alt="" className="h-11 w-11 shrink-0 rounded-sm bg-slate-200 object-cover" />
        ) : (
          <div aria-hidden className="h-11 w-11 shrink-0 rounded-sm bg-slate-200" />
        )}
      </div>
    </div>
  );
}

export function Avatar({ initial }: { initial: string }) {
  return (
    <div
      aria-hidden
      className="flex h-9 w-9 shrink-0 items-center justify-center rounded-md bg-emerald-600 text-sm font-semibold text-white"
    >
      {initial}
    </div>
  );
}

export function MiniProgramBubble({ message }: { message: Extract<CustomMessage, { type: "miniprogrampage" }> }) {
  const t = useT();
  return (
    <div className="w-[196px] rounded-md bg-white p-2.5" data-testid="phone-bubble">
      <p className="flex items-center gap-1 text-[11px] text-slate-500">
        <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-indigo-500" />
        {t("followUps.miniprogram")}
      </p>
      <p className="mt-1 line-clamp-2 text-[14px] leading-snug break-words text-slate-900">
        {message.title || <span className="text-slate-400">{t("followUps.field.title")}</span>}
      </p>
      <div aria-hidden className="mt-1.5 h-24 rounded-sm bg-slate-200" />
    </div>
  );
}

function FollowUpStatus({ bubble }: { bubble: FollowUpBubble }) {
  const t = useT();
  if (!bubble.status) return null;
  const tone = {
    sending: "text-slate-500",
    sent: "text-emerald-700",
    failed: "text-rose-700",
    unconfirmed: "text-amber-700",
    untracked: "text-slate-500",
  }[bubble.status];
  const hint = bubble.status === "failed" ? errcodeKey(bubble.errcode) : null;
  const words =
    bubble.status === "failed"
      ? t("followUps.status.failed", { errcode: bubble.errcode ?? "" }).trim()
      : t(`followUps.status.${bubble.status}`);
  return (
    <p
      className={`mt-0.5 text-[11px] ${tone}`}
      data-testid="follow-up-status"
      data-status={bubble.status}
      title={bubble.errmsg ?? undefined}
    >
      {words}
      {bubble.status === "failed" && (hint || bubble.errmsg) ? ` · ${hint ? t(hint) : bubble.errmsg}` : ""}
    </p>
  );
}

/** The chat's title bar as WeChat draws it: back, the account's name, more. */
export function ChatTitle({ accountName, className }: { accountName: string; className: string }) {
  return (
    <div className="flex items-center justify-between border-b border-black/5 px-3 py-2 text-[15px]">
      <span aria-hidden className="text-lg leading-none text-slate-800">
        ‹
      </span>
      <span className={`${className} truncate font-medium text-slate-900`}>{accountName}</span>
      <span aria-hidden className="text-lg leading-none text-slate-800">
        ···
      </span>
    </div>
  );
}

/**
 * The time zone of the account a view is about: the phone's clock shows its time, as the statistics
 * do (none provided: the browser's).
 */
export const PhoneClockZone = createContext<string | undefined>(undefined);

/** `08:24`: the phone's clock at `now` in `timeZone`. */
export const phoneClock = (now: Date, timeZone?: string) =>
  new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(now);

/**
 * A phone showing the chat with the official account, WeChat's look: the account's avatar and the
 * reply bubble (text), picture (image) or article card (news). `reply` null: the fan gets no message.
 */
export function PhonePreview({
  accountName,
  reply,
  caption,
  emptyText,
  busy = false,
  followUps = [],
  testId = "phone-preview",
}: {
  accountName: string;
  reply: ReplyInput | null;
  /** The customer-service messages after the passive reply, in order. */
  followUps?: FollowUpBubble[];
  /** The grey line above the message, e.g. the event that triggered it. */
  caption?: string;
  emptyText?: string;
  busy?: boolean;
  testId?: string;
}) {
  const t = useT();
  const initial = [...(accountName.trim() || "公")][0];
  const time = phoneClock(new Date(), useContext(PhoneClockZone));
  return (
    <figure
      className="w-[264px] shrink-0 rounded-[30px] border-[7px] border-slate-800 bg-slate-800 shadow-md"
      data-testid={testId}
      aria-label={t("replies.preview.label")}
      aria-busy={busy}
    >
      <div className="overflow-hidden rounded-[23px] bg-[#ededed]">
        <div className="flex items-center justify-between px-4 pt-1.5 text-[10px] font-semibold text-slate-800">
          <span>{time}</span>
          <span aria-hidden className="tracking-tighter">
            ▂▄▆ ▭
          </span>
        </div>
        <ChatTitle accountName={accountName} className="max-w-[170px]" />
        <div className="relative flex h-[260px] flex-col gap-3 overflow-y-auto px-3 py-3">
          <p className="text-center text-[11px] text-slate-400">{caption ?? time}</p>
          {reply || followUps.length ? (
            <>
              {reply && (
                <div className="flex items-start gap-2">
                  <Avatar initial={initial} />
                  <Bubble reply={reply} />
                </div>
              )}
              {followUps.map((bubble, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a follow-up is its position in the sequence
                <div key={i} className="flex items-start gap-2" data-testid="follow-up-bubble">
                  <Avatar initial={initial} />
                  <div className="min-w-0">
                    {bubble.message.type === "miniprogrampage" ? (
                      <MiniProgramBubble message={bubble.message} />
                    ) : (
                      <Bubble reply={bubble.message} />
                    )}
                    <FollowUpStatus bubble={bubble} />
                  </div>
                </div>
              ))}
            </>
          ) : (
            <p className="mx-auto rounded bg-black/5 px-2 py-1 text-center text-[11px] text-slate-500" data-testid="phone-empty">
              {emptyText ?? t("replies.preview.nothing")}
            </p>
          )}
          {busy && (
            <div className="absolute inset-0 flex items-center justify-center bg-[#ededed]/80" role="status">
              <span className="h-5 w-5 animate-spin rounded-full border-2 border-slate-300 border-t-emerald-600" />
              <span className="sr-only">{t("common.loading")}</span>
            </div>
          )}
        </div>
        <div className="flex items-center gap-1.5 border-t border-black/5 bg-[#f7f7f7] px-2.5 py-2" aria-hidden>
          <span className="flex h-6 w-6 items-center justify-center rounded-full border border-slate-500 text-[10px] text-slate-600">
            ◉
          </span>
          <span className="h-7 flex-1 rounded bg-white" />
          <span className="flex h-6 w-6 items-center justify-center rounded-full border border-slate-500 text-[11px] text-slate-600">
            ☺
          </span>
          <span className="flex h-6 w-6 items-center justify-center rounded-full border border-slate-500 text-sm leading-none text-slate-600">
            +
          </span>
        </div>
      </div>
    </figure>
  );
}
