import { WeChatApiClient } from "@/lib/wechat";
import { accessTokenStore } from "@/lib/db/access-tokens";
import { apiBaseFor, type AccountRecord } from "@/lib/db/accounts";

/** The WeChat API client for one account, with its token shared through the database. */
export function wechatClientFor(account: AccountRecord): WeChatApiClient {
  return new WeChatApiClient({
    apiBase: apiBaseFor(account),
    appId: account.appId,
    appSecret: account.appSecret,
    tokens: accessTokenStore(account.id),
  });
}
