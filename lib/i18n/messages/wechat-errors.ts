import { ERRCODE_HINTS, type HintedErrcode } from "@/lib/wechat/api-error";
import { areaMessages } from "./area";

// What a WeChat errcode means, in the dashboard's words: shown beside WeChat's own errmsg wherever a
// call failed (the job queue, the delivery status of follow-up messages). English is the API's own
// wording (ERRCODE_HINTS); the codes it words in its messages by kind are worded here.
const ZH_HINTS: Record<HintedErrcode, string> = {
  40003: "微信不认识这个 openid（不是本公众号的用户）",
  40007: "微信不认识这个 media_id（请先把图片或缩略图上传到微信）",
  40008: "微信不接受这种消息类型",
  40013: "微信不认识这个 AppID",
  40032: "一次调用的 openid 太多（batchtagging 每次最多 50 个）",
  40125: "微信拒绝了 AppSecret",
  43004: "该用户未关注（或已取消关注）公众号：微信只给粉丝发消息",
  45002: "消息超过了微信允许的长度",
  45008: "图文消息只能有一篇文章",
  45015: "该用户的消息窗口已关闭（扫码或关注后 60 秒，发消息后 48 小时）",
  45047: "该用户本次窗口的消息条数已用完（扫码或关注后 60 秒内 3 条，被动回复也算一条）",
  45056: "公众号的标签已达微信上限 100 个：请在微信删除不用的标签，或沿用已有标签",
  45059: "该用户身上的标签已达微信上限 20 个",
  45157: "微信已有同名标签，或该名称不允许使用",
  45158: "标签名超过微信的 30 字节限制",
  45159: "微信没有这个标签 id（已在微信删除？）",
  48001: "本公众号无权调用此接口（带参数二维码需要已认证的服务号）",
  40004: "微信不接受这种素材类型（只有图片、语音、视频、缩略图）",
  40005: "微信不接受这种文件格式（图片只能是 bmp、png、jpeg、jpg、gif）",
  40009: "图片超过了微信的 10 MB 限制",
  41005: "微信没有收到文件",
  45034: "公众号的永久图片素材已达微信上限 100,000 张",
};

const BY_KIND = {
  "-1": { zh: "微信系统繁忙，多次重试后仍未成功", en: "WeChat stayed busy after several attempts" },
  40001: { zh: "微信拒绝了 access_token（已刷新后重试）", en: "WeChat rejected the access token (refreshed and retried)" },
  40014: { zh: "微信拒绝了 access_token（已刷新后重试）", en: "WeChat rejected the access token (refreshed and retried)" },
  42001: { zh: "access_token 已过期（已刷新后重试）", en: "The access token expired (refreshed and retried)" },
  45009: { zh: "此接口今天的调用次数已用完，明天再试", en: "This API's daily call quota is used up: try again tomorrow" },
  45011: { zh: "此接口每分钟的调用次数已用完，稍后再试", en: "This API's per-minute call limit is used up: try again shortly" },
  40164: {
    zh: "服务器 IP 不在公众号的 IP 白名单中（基本配置）",
    en: "This server's IP is not on the account's IP whitelist (基本配置)",
  },
} as const;

type Key = `wechat.errcode.${HintedErrcode | keyof typeof BY_KIND}`;
const hinted = Object.keys(ZH_HINTS) as `${HintedErrcode}`[];
const byKind = Object.keys(BY_KIND) as (keyof typeof BY_KIND)[];

export const wechatErrors = areaMessages({
  zh: Object.fromEntries([
    ...hinted.map((c) => [`wechat.errcode.${c}`, ZH_HINTS[Number(c) as HintedErrcode]]),
    ...byKind.map((c) => [`wechat.errcode.${c}`, BY_KIND[c].zh]),
  ]) as Record<Key, string>,
  en: Object.fromEntries([
    ...hinted.map((c) => [`wechat.errcode.${c}`, ERRCODE_HINTS[Number(c) as HintedErrcode]]),
    ...byKind.map((c) => [`wechat.errcode.${c}`, BY_KIND[c].en]),
  ]) as Record<Key, string>,
});

/** The key that explains a WeChat errcode, when there is one. */
export function errcodeKey(errcode: number | null | undefined): Key | null {
  if (errcode === null || errcode === undefined) return null;
  return errcode in ZH_HINTS || errcode in BY_KIND ? (`wechat.errcode.${errcode}` as Key) : null;
}
