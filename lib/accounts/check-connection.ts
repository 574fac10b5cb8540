import { WeChatApiError } from "@/lib/wechat";
import { apiBaseFor } from "./api-origin";
import { wechatClientFor } from "./wechat-client";
import type { AccountRecord } from "@/lib/db/accounts";

/** Why a connection check failed, in the words an admin acts on (the page translates by this). */
export type ConnectionProblem = "ip_not_whitelisted" | "credentials" | "quota" | "busy" | "network" | "other";

export type ConnectionCheck =
  | { ok: true; appId: string; apiBase: string; message: string }
  | {
      ok: false;
      appId: string;
      apiBase: string;
      problem: ConnectionProblem;
      message: string;
      errcode: number;
      errmsg: string;
      ip?: string;
    };

/** WeChat's answers when the AppID/AppSecret pair is wrong or missing (invalid appid, invalid appsecret…). */
const CREDENTIAL_ERRCODES = new Set([40013, 40125, 41002, 41004]);

/**
 * Asks WeChat (or the sandbox) for the account's access token, the way every QR code call does, and
 * says what went wrong in plain words. A fresh cached token counts as a success: it was issued for
 * these credentials (editing the AppSecret or API origin drops it, see updateAccount).
 */
export async function checkConnection(account: AccountRecord): Promise<ConnectionCheck> {
  const base = { appId: account.appId, apiBase: apiBaseFor(account) };
  try {
    await wechatClientFor(account).getAccessToken();
    return { ok: true, ...base, message: `Connected: WeChat issued an access token for ${account.appId}` };
  } catch (error) {
    if (!(error instanceof WeChatApiError)) throw error;
    const { errcode, errmsg } = error;
    const failed = { ok: false as const, ...base, errcode, errmsg };
    if (error.kind === "ip_not_whitelisted") {
      const who = error.ip ? `this server's IP ${error.ip}` : "this server's IP";
      return {
        ...failed,
        problem: "ip_not_whitelisted",
        ...(error.ip ? { ip: error.ip } : {}),
        message: `WeChat refused the call from ${who}: add ${error.ip ?? "it"} to the IP whitelist (IP白名单) under 设置与开发 → 基本配置, then check again (errcode ${errcode})`,
      };
    }
    if (error.kind === "other" && CREDENTIAL_ERRCODES.has(errcode)) {
      return {
        ...failed,
        problem: "credentials",
        message: `AppID/AppSecret wrong: WeChat does not accept this pair (errcode ${errcode}: ${errmsg}). Copy both again from 设置与开发 → 基本配置`,
      };
    }
    const problem: ConnectionProblem = error.kind === "token" ? "other" : error.kind;
    return { ...failed, problem, message: error.message };
  }
}
