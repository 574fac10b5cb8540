import { findAccountByAppId, type AccountRecord } from "@/lib/db/accounts";

// Who the sandbox answers: the accounts flagged sandbox, and nobody else. A real account's AppID is
// unknown here (40013, as for an AppID nobody has), so the sandbox never checks a real AppSecret.

/** The sandbox account with this AppID, or null: no account, or a real one. */
export async function findSandboxAccount(appId: string): Promise<AccountRecord | null> {
  const account = await findAccountByAppId(appId);
  return account?.sandbox ? account : null;
}

export async function isSandboxApp(appId: string): Promise<boolean> {
  return (await findSandboxAccount(appId)) !== null;
}
