import { findAccountByAppId } from "@/lib/db/accounts";
import type { AccountKeys } from "@/lib/wechat";

export type WebhookAccount = { id: number; keys: AccountKeys };

// Account keys change rarely and each push needs them: a few seconds of per-instance caching
// spares the decrypt and a query on every event, without holding any shared state.
const TTL_MS = 5_000;
const cache = new Map<string, { account: WebhookAccount | null; until: number }>();

export async function webhookAccount(appId: string): Promise<WebhookAccount | null> {
  const hit = cache.get(appId);
  if (hit && hit.until > Date.now()) return hit.account;
  const record = await findAccountByAppId(appId);
  const account = record && {
    id: record.id,
    keys: { appId: record.appId, token: record.token, encodingAesKey: record.encodingAesKey, mode: record.mode },
  };
  if (cache.size > 1000) cache.clear();
  cache.set(appId, { account, until: Date.now() + TTL_MS });
  return account;
}
