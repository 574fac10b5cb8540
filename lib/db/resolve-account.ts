import { findAccountById, findDefaultAccount, type AccountRecord } from "./accounts";
import { notFound } from "@/lib/errors";

/** The account a request is about: the one it names, else the first one. */
export async function resolveAccount(accountId?: number): Promise<AccountRecord> {
  const account = accountId ? await findAccountById(accountId) : await findDefaultAccount();
  if (!account) throw notFound(accountId ? `account ${accountId}` : "an official account");
  return account;
}
