import { WeChatApiClient } from "@/lib/wechat";
import { config } from "@/lib/config";
import { accessTokenStore } from "@/lib/db/access-tokens";
import type { AccountRecord } from "@/lib/db/accounts";

/** Where this account's WeChat API calls go: its own origin, else WECHAT_API_BASE, else our sandbox. */
export function apiBaseFor(account: Pick<AccountRecord, "apiBase" | "sandbox">): string {
  if (account.sandbox) return sandboxApiBase();
  return account.apiBase ?? config().wechatApiBase ?? sandboxApiBase();
}

export function sandboxApiBase(): string {
  return `${config().internalOrigin}/api/sandbox`;
}

/** The WeChat API client for one account, with its token shared through the database. */
export function wechatClientFor(account: AccountRecord): WeChatApiClient {
  return new WeChatApiClient({
    apiBase: apiBaseFor(account),
    appId: account.appId,
    appSecret: account.appSecret,
    tokens: accessTokenStore(account.id),
  });
}
