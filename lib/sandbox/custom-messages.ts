import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CUSTOM_MESSAGE_RULES as R } from "@/lib/wechat/limits";
import { EVENT_KINDS, recentInteractions, type Interaction } from "./interactions";
import { isOpenid, type Checked } from "./tags";

// message/custom/send as WeChat's servers apply it: the message's form first, then whether the
// follower's last interactions leave a window with room — after a scan or follow 3 messages within
// 60 s (a passive reply that was a message counts as one), after the follower's own message 20
// within 48 h. No room in an open window: 45047; no open window: 45015; not a follower: 43004.

const fail = (errcode: number) => ({ ok: false as const, errcode });
const MEDIA_ID = /^[A-Za-z0-9_-]{1,128}$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const chars = (s: string) => [...s].length;
const filled = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

type Parsed = { touser: string; msgtype: string; content: Prisma.InputJsonObject };

/**
 * The body's form: 47001 not an object or a part missing, 40003 touser, 40008 msgtype, 44004 empty
 * text, 45002 too long, 40007 media_id, 44003 news without an article, 45008 more than one.
 */
export function parseCustomMessage(body: unknown): Checked<Parsed> {
  if (!isObject(body)) return fail(47001);
  const { touser, msgtype } = body;
  if (!isOpenid(touser)) return fail(40003);
  const part = typeof msgtype === "string" ? body[msgtype] : undefined;
  switch (msgtype) {
    case "text": {
      if (!isObject(part)) return fail(47001);
      if (!filled(part.content)) return fail(44004);
      if (chars(part.content) > R.textChars) return fail(45002);
      return { ok: true, value: { touser, msgtype, content: { content: part.content } } };
    }
    case "image": {
      if (!isObject(part)) return fail(47001);
      if (typeof part.media_id !== "string" || !MEDIA_ID.test(part.media_id)) return fail(40007);
      return { ok: true, value: { touser, msgtype, content: { media_id: part.media_id } } };
    }
    case "news": {
      if (!isObject(part) || !Array.isArray(part.articles) || part.articles.length === 0) return fail(44003);
      if (part.articles.length > R.newsArticles) return fail(45008);
      const a = part.articles[0];
      if (!isObject(a) || !filled(a.title) || !filled(a.url)) return fail(44003);
      const optional = (v: unknown) => (typeof v === "string" ? v : "");
      const article = { title: a.title, description: optional(a.description), url: a.url, picurl: optional(a.picurl) };
      if (
        chars(article.title) > R.newsTitleChars ||
        chars(article.description) > R.newsDescriptionChars ||
        chars(article.url) > R.newsUrlChars ||
        chars(article.picurl) > R.newsUrlChars
      ) {
        return fail(45002);
      }
      return { ok: true, value: { touser, msgtype, content: article } };
    }
    case "miniprogrampage": {
      if (!isObject(part) || !filled(part.title) || !filled(part.appid) || !filled(part.pagepath)) return fail(47001);
      if (typeof part.thumb_media_id !== "string" || !MEDIA_ID.test(part.thumb_media_id)) return fail(40007);
      if (chars(part.title) > R.miniProgramTitleChars || chars(part.pagepath) > R.miniProgramPagePathChars) return fail(45002);
      const { title, appid, pagepath, thumb_media_id } = part;
      return { ok: true, value: { touser, msgtype, content: { title, appid, pagepath, thumb_media_id } } };
    }
    default:
      return fail(40008);
  }
}

type Window = { interaction: Interaction; quota: number; closesAt: number };

function openWindows(interactions: Interaction[], now: number): Window[] {
  const text = interactions.find((i) => i.kind === "text");
  const event = interactions.find((i) => EVENT_KINDS.includes(i.kind));
  const windows: Window[] = [];
  if (text)
    windows.push({
      interaction: text,
      quota: R.messageWindowMessages,
      closesAt: text.at.getTime() + R.messageWindowSeconds * 1000,
    });
  if (event) {
    const quota = R.eventWindowMessages - (event.passiveReply ? 1 : 0);
    windows.push({ interaction: event, quota, closesAt: event.at.getTime() + R.eventWindowSeconds * 1000 });
  }
  return windows.filter((w) => now <= w.closesAt);
}

/** Accepts one customer-service message for delivery, or says why WeChat would refuse it. */
export async function sendCustomMessage(appId: string, body: unknown, now: number): Promise<Checked<null>> {
  const parsed = parseCustomMessage(body);
  if (!parsed.ok) return parsed;
  const { touser: openid, msgtype, content } = parsed.value;
  return prisma.$transaction(async (tx) => {
    // One follower's quota is spent by one call at a time, whichever instance serves it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sandbox:custom:${appId}:${openid}`}))`;
    const interactions = await recentInteractions(tx, appId, openid, now);
    if (interactions.length === 0 || interactions[0].kind === "unsubscribe") return fail(43004);
    const windows = openWindows(interactions, now);
    if (windows.length === 0) return fail(45015);
    for (const window of windows) {
      const sent = await tx.sandboxMessage.count({ where: { interactionId: window.interaction.id, origin: "custom" } });
      if (sent < window.quota) {
        await tx.sandboxMessage.create({
          data: {
            appId,
            openid,
            origin: "custom",
            msgtype,
            content,
            interactionId: window.interaction.id,
            sentAt: new Date(now),
          },
        });
        return { ok: true as const, value: null };
      }
    }
    return fail(45047);
  });
}
