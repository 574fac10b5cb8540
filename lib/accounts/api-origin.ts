import { WECHAT_API_ORIGIN } from "@/lib/wechat";
import { config } from "@/lib/config";
import type { AccountRecord } from "@/lib/db/accounts";

/**
 * Where this account's WeChat API calls go: a sandbox account's to our sandbox (the only accounts
 * it answers), a real one's to its own origin, else WECHAT_API_BASE, else WeChat's.
 */
export function apiBaseFor(account: Pick<AccountRecord, "apiBase" | "sandbox">): string {
  if (account.sandbox) return sandboxApiBase();
  return account.apiBase ?? defaultApiBase();
}

/** A real account's API origin when it has none of its own. */
export function defaultApiBase(): string {
  return config().wechatApiBase ?? WECHAT_API_ORIGIN;
}

export function sandboxApiBase(): string {
  return `${config().internalOrigin}/api/sandbox`;
}
