import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { prisma } from "@/lib/db/client";
import type { AccountRecord } from "@/lib/db/accounts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ACCESS_TOKEN_RULES } from "@/lib/wechat/limits";

// Access tokens as WeChat's servers hand them out, stored in sandbox_tokens so that every app
// instance serving the sandbox agrees on which token is current.
//
// WeChat keeps the tokens of cgi-bin/token and cgi-bin/stable_token "completely isolated" from
// each other; the family is carried by the token's prefix (the table has no column for it):
//   sbxT_…  cgi-bin/token
//   sbxS_…  cgi-bin/stable_token, normal mode
//   sbxF_…  cgi-bin/stable_token, force_refresh (counted against the 20-a-day limit)

const { ttlSeconds, overlapSeconds, stableRenewBeforeSeconds, forceRefreshPerDay, forceRefreshGapSeconds } = ACCESS_TOKEN_RULES;
/** Rows this long past their expiry are deleted (kept a while to tell "expired" from "not latest"). */
const KEEP_EXPIRED_MS = 2 * 86_400_000;
/** WeChat's day (for the force_refresh allowance) is China Standard Time, UTC+8 without DST. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

const PREFIX = { token: "sbxT_", stable: "sbxS_", forced: "sbxF_" } as const;
type Family = "token" | "stable";

function familyOf(token: string): Family | null {
  if (token.startsWith(PREFIX.token)) return "token";
  if (token.startsWith(PREFIX.stable) || token.startsWith(PREFIX.forced)) return "stable";
  return null;
}

function familyPrefixes(family: Family): string[] {
  return family === "token" ? [PREFIX.token] : [PREFIX.stable, PREFIX.forced];
}

function newToken(prefix: string): string {
  // WeChat's tokens are ~140 characters of [A-Za-z0-9_-]; callers must keep 512.
  return prefix + randomBytes(96).toString("base64url");
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

export type AppCheck = { ok: true; appId: string } | { ok: false; errcode: 40013 | 40125 };

/** The app's credentials against a sandbox account (findSandboxAccount: null for a real or unknown AppID, 40013). */
export function authenticateApp(account: AccountRecord | null, secret: string): AppCheck {
  if (!account?.sandbox) return { ok: false, errcode: 40013 };
  if (!sameSecret(account.appSecret, secret)) return { ok: false, errcode: 40125 };
  return { ok: true, appId: account.appId };
}

type Tx = Prisma.TransactionClient;

/** Serialises token issuing per app across every instance (the lock ends with the transaction). */
async function lockApp(tx: Tx, scope: string, appId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sandbox:${scope}:${appId}`}))`;
}

async function prune(tx: Tx, appId: string, now: number): Promise<void> {
  await tx.sandboxToken.deleteMany({ where: { appId, expiresAt: { lt: new Date(now - KEEP_EXPIRED_MS) } } });
}

export type IssuedToken = { accessToken: string; expiresIn: number };

/** cgi-bin/token: always a new token; the app's earlier ones die five minutes later. */
export async function issueAccessToken(appId: string, now: number): Promise<IssuedToken> {
  return prisma.$transaction(async (tx) => {
    await lockApp(tx, "token", appId);
    await tx.$executeRaw`
      UPDATE sandbox_tokens SET expires_at = LEAST(expires_at, ${new Date(now + overlapSeconds * 1000)})
      WHERE app_id = ${appId} AND starts_with(token, ${PREFIX.token}) AND expires_at > ${new Date(now)}`;
    const accessToken = newToken(PREFIX.token);
    await tx.sandboxToken.create({
      data: { token: accessToken, appId, createdAt: new Date(now), expiresAt: new Date(now + ttlSeconds * 1000) },
    });
    await prune(tx, appId, now);
    return { accessToken, expiresIn: ttlSeconds };
  });
}

export type StableResult = { ok: true; token: IssuedToken } | { ok: false; errcode: 45009 };

function chinaDayStart(now: number): Date {
  return new Date(Math.floor((now + CHINA_OFFSET_MS) / 86_400_000) * 86_400_000 - CHINA_OFFSET_MS);
}

/**
 * cgi-bin/stable_token. Normal mode: the current token while more than five minutes remain, then a
 * new one (the old one stays valid until its own expiry). force_refresh: a new token and the
 * previous ones die at once — at most 20 a day, and not within 30 s of the last forced refresh
 * (then the current token is returned unchanged, as WeChat does).
 */
export async function issueStableToken(appId: string, forceRefresh: boolean, now: number): Promise<StableResult> {
  return prisma.$transaction(async (tx) => {
    await lockApp(tx, "stable", appId);
    const live = { appId, expiresAt: { gt: new Date(now) } };
    const current = await tx.sandboxToken.findFirst({
      where: { ...live, OR: familyPrefixes("stable").map((p) => ({ token: { startsWith: p } })) },
      orderBy: { createdAt: "desc" },
    });
    const remaining = (row: { expiresAt: Date }) => Math.floor((row.expiresAt.getTime() - now) / 1000);

    if (forceRefresh) {
      const lastForced = await tx.sandboxToken.findFirst({
        where: { appId, token: { startsWith: PREFIX.forced } },
        orderBy: { createdAt: "desc" },
      });
      if (current && lastForced && now - lastForced.createdAt.getTime() < forceRefreshGapSeconds * 1000) {
        return { ok: true, token: { accessToken: current.token, expiresIn: remaining(current) } };
      }
      const forcedToday = await tx.sandboxToken.count({
        where: { appId, token: { startsWith: PREFIX.forced }, createdAt: { gte: chinaDayStart(now) } },
      });
      if (forcedToday >= forceRefreshPerDay) return { ok: false, errcode: 45009 };
      await tx.sandboxToken.updateMany({
        where: { ...live, OR: familyPrefixes("stable").map((p) => ({ token: { startsWith: p } })) },
        data: { expiresAt: new Date(now) },
      });
    } else if (current && remaining(current) > stableRenewBeforeSeconds) {
      return { ok: true, token: { accessToken: current.token, expiresIn: remaining(current) } };
    }

    const accessToken = newToken(forceRefresh ? PREFIX.forced : PREFIX.stable);
    await tx.sandboxToken.create({
      data: { token: accessToken, appId, createdAt: new Date(now), expiresAt: new Date(now + ttlSeconds * 1000) },
    });
    await prune(tx, appId, now);
    return { ok: true, token: { accessToken, expiresIn: ttlSeconds } };
  });
}

export type TokenOwner = { appId: string; check: () => Promise<0 | 40001 | 42001> };

/**
 * Whose token this is (null: never issued, WeChat's 40001). `check` then tells whether it may be
 * used: 0, 40001 when a newer token replaced it, or 42001 when it simply ran out.
 */
export async function findTokenOwner(token: string, now: number): Promise<TokenOwner | null> {
  const family = familyOf(token);
  if (!family) return null;
  const row = await prisma.sandboxToken.findUnique({ where: { token } });
  if (!row) return null;
  return {
    appId: row.appId,
    check: async () => {
      if (row.expiresAt.getTime() > now) return 0;
      const newer = await prisma.sandboxToken.count({
        where: {
          appId: row.appId,
          token: { not: row.token },
          createdAt: { gte: row.createdAt },
          OR: familyPrefixes(family).map((p) => ({ token: { startsWith: p } })),
        },
      });
      return newer > 0 ? 40001 : 42001;
    },
  };
}
