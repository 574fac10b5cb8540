import { randomBytes } from "node:crypto";

/** What every sandbox API answers: WeChat always uses HTTP 200, errors included. */
export type SandboxResponse = { status: number; json: Record<string, unknown> };

/**
 * WeChat's errmsg for the codes the sandbox answers with (as its servers word them, without the
 * trailing rid). Sources: the global return-code table and the qrcode/create, token and
 * stable_token pages at developers.weixin.qq.com, and errmsgs quoted in its developer community.
 */
export const WECHAT_ERRMSG: Record<number, string> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  40002: "invalid grant_type",
  40013: "invalid appid",
  40014: "invalid access_token",
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
  45009: "reach max api daily quota limit",
  45002: "content size out of limit",
  45011: "api minute-quota reach limit  mustslower  retry next minute",
  45029: "qrcode count out of limit",
  47001: "data format error",
  48001: "api unauthorized",
};

/** WeChat's request id: the time in hex seconds, then two random 32-bit groups ("64929cd9-4adeab1b-6ed8fc1b"). */
export function rid(nowMs = Date.now()): string {
  const time = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, "0");
  return `${time}-${randomBytes(4).toString("hex")}-${randomBytes(4).toString("hex")}`;
}

export function errmsgFor(errcode: number): string {
  return WECHAT_ERRMSG[errcode] ?? "sandbox error";
}

/** `{errcode, errmsg}` with HTTP 200, errmsg ending in " rid: …" like WeChat's. */
export function wxError(errcode: number, errmsg?: string, nowMs = Date.now()): SandboxResponse {
  const text = errmsg ?? errmsgFor(errcode);
  return { status: 200, json: { errcode, errmsg: / rid: [0-9a-f-]+$/.test(text) ? text : `${text} rid: ${rid(nowMs)}` } };
}

export function wxOk(json: Record<string, unknown>): SandboxResponse {
  return { status: 200, json };
}
