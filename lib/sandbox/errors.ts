import { randomBytes } from "node:crypto";
import { WECHAT_ERRMSG } from "@/lib/wechat/errmsg";

/** What every sandbox API answers: WeChat always uses HTTP 200, errors included. */
export type SandboxResponse = { status: number; json: Record<string, unknown> };

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

/** WeChat's answer to a call that only succeeds. */
export const WX_OK = { errcode: 0, errmsg: "ok" } as const;

export function wxOk(json: Record<string, unknown>): SandboxResponse {
  return { status: 200, json };
}
