import { isIP } from "node:net";

/**
 * WeChat's errmsg for the codes the sandbox answers with and the client passes on (as its servers
 * word them, without the trailing rid). Sources: the global return-code table and the qrcode/create, token and
 * stable_token pages at developers.weixin.qq.com, and errmsgs quoted in its developer community.
 */
export const WECHAT_ERRMSG: Record<number, string> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  40002: "invalid grant_type",
  40003: "invalid openid",
  40007: "invalid media_id",
  40008: "invalid message type",
  40013: "invalid appid",
  40014: "invalid access_token",
  40032: "invalid openid list size",
  40052: "invalid action name",
  40053: "invalid action info, please check document",
  40097: "invalid args",
  40125: "invalid appsecret",
  40164: "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist",
  41001: "access_token missing",
  41002: "appid missing",
  41004: "appsecret missing",
  42001: "access_token expired",
  43002: "require POST method",
  43004: "require subscribe",
  44003: "empty news data",
  44004: "empty content",
  45002: "content size out of limit",
  45008: "article size out of limit",
  45009: "reach max api daily quota limit",
  45011: "api minute-quota reach limit  mustslower  retry next minute",
  45015: "response out of time limit",
  45029: "qrcode count out of limit",
  45047: "out of response count limit",
  45056: "too many tags now, no need to add new",
  45059: "has too many tags, no more than 20 tags allowed for one user",
  45157: "invalid tag name",
  45158: "tag name too long",
  45159: "invalid tag id",
  47001: "data format error",
  48001: "api unauthorized",
  // material/add_material (its page and the global table; 45034 as WeChat's community quotes it)
  40004: "invalid media type",
  40005: "invalid file type",
  40009: "invalid image size",
  41005: "media data missing",
  45034: "media file count is out of limit",
};

const INVALID_IP = /^invalid ip ([0-9A-Fa-f.:]+)(?: ipv6 ([0-9A-Fa-f.:]+))?,/;
const RID = / rid: ([0-9a-f-]{1,64})$/;

/**
 * A refusal's errmsg as the client passes it on: WeChat's own words for the errcode (none for one
 * not in the table), the addresses WeChat names for 40164, and the rid its support asks for. The
 * text as it came is never passed on: an API origin is typed by an admin and may be anything.
 */
export function errmsgOf(errcode: number, received: unknown): string {
  const text = typeof received === "string" ? received : "";
  let words = WECHAT_ERRMSG[errcode] ?? "";
  if (errcode === 40164) {
    const ip = INVALID_IP.exec(text);
    const known = ip && isIP(ip[1]) && (!ip[2] || isIP(ip[2]));
    words = known ? `invalid ip ${ip[1]}${ip[2] ? ` ipv6 ${ip[2]}` : ""}, not in whitelist` : "invalid ip, not in whitelist";
  }
  const rid = RID.exec(text)?.[1];
  return rid ? `${words} rid: ${rid}`.trim() : words;
}
