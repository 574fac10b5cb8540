import { prisma } from "@/lib/db/client";

// Who follows a sandbox account, as WeChat's servers know it: a user follows when their last
// subscribe or unsubscribe was a subscribe. Scans and messages do not change it.

export const FOLLOWER_PAGE_SIZE = 50;

/** Whether the user follows the account now (false for a user the sandbox never saw). */
export async function isFollowing(appId: string, openid: string): Promise<boolean> {
  const last = await prisma.sandboxInteraction.findFirst({
    where: { appId, openid, kind: { in: ["subscribe", "unsubscribe"] } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { kind: true },
  });
  return last?.kind === "subscribe";
}

export type KnownFollower = { openid: string; following: boolean; lastInteractionAt: string; tagCount: number };
export type KnownFollowerPage = { items: KnownFollower[]; total: number; page: number; pageSize: number };

/** Everyone the sandbox saw interact with the account, the most recently active first. */
export async function listKnownFollowers(appId: string, page: number): Promise<KnownFollowerPage> {
  const offset = (page - 1) * FOLLOWER_PAGE_SIZE;
  const [rows, [{ total }]] = await Promise.all([
    prisma.$queryRaw<{ openid: string; follow_kind: string | null; last_at: Date; tag_count: bigint }[]>`
      SELECT i.openid,
             (array_agg(i.kind ORDER BY i.at DESC, i.id DESC) FILTER (WHERE i.kind IN ('subscribe', 'unsubscribe')))[1] AS follow_kind,
             max(i.at) AS last_at,
             (SELECT count(*) FROM sandbox_user_tags t WHERE t.app_id = ${appId} AND t.openid = i.openid) AS tag_count
      FROM sandbox_interactions i
      WHERE i.app_id = ${appId}
      GROUP BY i.openid
      ORDER BY last_at DESC, i.openid
      LIMIT ${FOLLOWER_PAGE_SIZE} OFFSET ${offset}`,
    prisma.$queryRaw<{ total: bigint }[]>`
      SELECT count(DISTINCT openid) AS total FROM sandbox_interactions WHERE app_id = ${appId}`,
  ]);
  return {
    items: rows.map((r) => ({
      openid: r.openid,
      following: r.follow_kind === "subscribe",
      lastInteractionAt: r.last_at.toISOString(),
      tagCount: Number(r.tag_count),
    })),
    total: Number(total),
    page,
    pageSize: FOLLOWER_PAGE_SIZE,
  };
}

/** Up to `limit` users following the account now, the most recently active first (returning visitors for generated traffic). */
export async function currentFollowers(appId: string, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await prisma.$queryRaw<{ openid: string }[]>`
    SELECT openid FROM (
      SELECT DISTINCT ON (openid) openid, kind, at FROM sandbox_interactions
      WHERE app_id = ${appId} AND kind IN ('subscribe', 'unsubscribe')
      ORDER BY openid, at DESC, id DESC
    ) last WHERE kind = 'subscribe' ORDER BY at DESC LIMIT ${limit}`;
  return rows.map((r) => r.openid);
}
