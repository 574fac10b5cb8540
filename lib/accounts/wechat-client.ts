import { WeChatApiClient } from "@/lib/wechat";
import { accessTokenStore } from "@/lib/db/access-tokens";
import type { AccountRecord } from "@/lib/db/accounts";
import { apiBaseFor } from "./api-origin";
import { transportFor } from "./outbound";

/** The WeChat API client for one account, with its token shared through the database. */
export function wechatClientFor(account: AccountRecord): WeChatApiClient {
  const apiBase = apiBaseFor(account);
  return new WeChatApiClient({
    apiBase,
    appId: account.appId,
    appSecret: account.appSecret,
    tokens: accessTokenStore(account.id),
    transport: transportFor(apiBase),
  });
}
