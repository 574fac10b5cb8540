import { prisma } from "./client";
import { decryptSecret, encryptSecret, maskSecret } from "@/lib/secrets-at-rest";
import { Prisma, type Account, type MessageMode } from "@/lib/generated/prisma/client";
import { conflict } from "@/lib/errors";
import type { AuditSnapshot } from "@/lib/audit";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";

/** An official account with its secrets decrypted: server-side only, never serialised to a client. */
export type AccountRecord = {
  id: number;
  appId: string;
  name: string;
  originalId: string;
  appSecret: string;
  token: string;
  encodingAesKey: string | null;
  mode: MessageMode;
  apiBase: string | null;
  sandbox: boolean;
  timeZone: string;
};

export type AccountInput = {
  appId: string;
  name: string;
  originalId?: string;
  appSecret: string;
  token: string;
  encodingAesKey?: string | null;
  mode?: MessageMode;
  apiBase?: string | null;
  sandbox?: boolean;
  timeZone?: string;
};

function toRecord(row: Account): AccountRecord {
  return {
    id: row.id,
    appId: row.appId,
    name: row.name,
    originalId: row.originalId,
    appSecret: decryptSecret(row.appSecretEnc),
    token: decryptSecret(row.tokenEnc),
    encodingAesKey: row.encodingAesKeyEnc ? decryptSecret(row.encodingAesKeyEnc) : null,
    mode: row.messageMode,
    apiBase: row.apiBase,
    sandbox: row.sandbox,
    timeZone: row.timeZone,
  };
}

export async function findAccountByAppId(appId: string): Promise<AccountRecord | null> {
  const row = await prisma.account.findUnique({ where: { appId } });
  return row && toRecord(row);
}

export async function findAccountById(id: number): Promise<AccountRecord | null> {
  const row = await prisma.account.findUnique({ where: { id } });
  return row && toRecord(row);
}

/** The account used when a request names none: the first one created. */
export async function findDefaultAccount(): Promise<AccountRecord | null> {
  const row = await prisma.account.findFirst({ orderBy: { id: "asc" } });
  return row && toRecord(row);
}

/** The stored columns for an account's settings, secrets encrypted. */
function accountData(input: AccountInput) {
  return {
    name: input.name,
    originalId: input.originalId ?? "",
    appSecretEnc: encryptSecret(input.appSecret),
    tokenEnc: encryptSecret(input.token),
    encodingAesKeyEnc: input.encodingAesKey ? encryptSecret(input.encodingAesKey) : null,
    messageMode: input.mode ?? "plain",
    apiBase: input.apiBase ?? null,
    sandbox: input.sandbox ?? false,
    timeZone: input.timeZone ?? "Asia/Shanghai",
  };
}

export async function upsertAccount(input: AccountInput, actor: AuditActor = SYSTEM_ACTOR): Promise<AccountRecord> {
  const data = accountData(input);
  return prisma.$transaction(async (tx) => {
    const before = await tx.account.findUnique({ where: { appId: input.appId } });
    const row = await tx.account.upsert({
      where: { appId: input.appId },
      create: { appId: input.appId, ...data },
      update: data,
    });
    const account = toRecord(row);
    await recordAudit(tx, actor, {
      action: before ? "account.update" : "account.create",
      target: accountTarget(account),
      before: before && accountSnapshot(toRecord(before)),
      after: accountSnapshot(account),
    });
    return account;
  });
}

/** An account as the audit log names it, and what it keeps of one (its secrets only as set or changed). */
const accountTarget = (account: AccountRecord) => ({ type: "account" as const, id: account.id, label: account.name });
function accountSnapshot(account: AccountRecord): AuditSnapshot {
  const { id, ...settings } = account;
  return settings;
}

/** What lists and pages may show of an account. */
export type AccountSummary = Omit<AccountRecord, "appSecret" | "token" | "encodingAesKey"> & {
  appSecretMasked: string;
  tokenMasked: string;
  encodingAesKeyMasked: string | null;
};

export function summarizeAccount(account: AccountRecord): AccountSummary {
  const { appSecret, token, encodingAesKey, ...visible } = account;
  return {
    ...visible,
    appSecretMasked: maskSecret(appSecret),
    tokenMasked: maskSecret(token),
    encodingAesKeyMasked: encodingAesKey ? maskSecret(encodingAesKey) : null,
  };
}

export const countAccounts = () => prisma.account.count();

/** What GET /api/accounts answers. */
export type AccountList = { items: AccountSummary[] };

export async function listAccounts(): Promise<AccountSummary[]> {
  const rows = await prisma.account.findMany({ orderBy: { id: "asc" } });
  return rows.map((row) => summarizeAccount(toRecord(row)));
}

/** Creates an account; an AppID already present is a 409 on the appId field. */
export async function createAccount(input: AccountInput, actor: AuditActor = SYSTEM_ACTOR): Promise<AccountRecord> {
  try {
    return await audited(
      actor,
      async (tx) => toRecord(await tx.account.create({ data: { appId: input.appId, ...accountData(input) } })),
      (account) => ({ action: "account.create", target: accountTarget(account), after: accountSnapshot(account) }),
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw conflict("app_id_taken", `an account with AppID ${input.appId} already exists`, "appId");
    throw error;
  }
}

/** Changes to an account; an undefined field (secrets included) keeps what is stored. */
export type AccountPatch = Partial<Omit<AccountInput, "appId">>;

/**
 * Applies a patch. When the AppSecret or the API origin changes, the cached access token is
 * dropped with it, so the next call (or a connection check) proves the new settings.
 * Null when there is no such account.
 */
export async function updateAccount(
  id: number,
  patch: AccountPatch,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<AccountRecord | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const data: Prisma.AccountUpdateManyMutationInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.originalId !== undefined) data.originalId = patch.originalId;
  if (patch.appSecret !== undefined) data.appSecretEnc = encryptSecret(patch.appSecret);
  if (patch.token !== undefined) data.tokenEnc = encryptSecret(patch.token);
  if (patch.encodingAesKey !== undefined)
    data.encodingAesKeyEnc = patch.encodingAesKey ? encryptSecret(patch.encodingAesKey) : null;
  if (patch.mode !== undefined) data.messageMode = patch.mode;
  if (patch.apiBase !== undefined) data.apiBase = patch.apiBase;
  if (patch.sandbox !== undefined) data.sandbox = patch.sandbox;
  if (patch.timeZone !== undefined) data.timeZone = patch.timeZone;
  const reachChanged = patch.appSecret !== undefined || patch.apiBase !== undefined || patch.sandbox !== undefined;

  return prisma.$transaction(async (tx) => {
    const before = await tx.account.findUnique({ where: { id } });
    if (!before) return null;
    const row = await tx.account.update({ where: { id }, data });
    const secretChanged = patch.appSecret !== undefined && decryptSecret(before.appSecretEnc) !== patch.appSecret;
    if (reachChanged && (secretChanged || before.apiBase !== row.apiBase || before.sandbox !== row.sandbox)) {
      await tx.accessToken.deleteMany({ where: { accountId: id } });
    }
    const account = toRecord(row);
    await recordAudit(tx, actor, {
      action: "account.update",
      target: accountTarget(account),
      before: accountSnapshot(toRecord(before)),
      after: accountSnapshot(account),
    });
    return account;
  });
}
