import { pool } from "./client";
import { sqlParams } from "./sql-params";
import { SCAN_KINDS } from "./stats-aggregates";
import { notFound } from "@/lib/errors";
import type { FollowerScopeKind, FollowersCursor } from "@/lib/validation/followers";

// The people a code, a channel (its codes) or a campaign (its codes) brought: the followers
// attributed to one of its codes now (followers.qr_code_id; a re-follow through another code moves
// a person there, SPEC §4), newest follow first.

export type FollowerScope = { kind: FollowerScopeKind; id: number };

/** What the list is of: its name and account, whose time zone its times are shown in. */
export type FollowerScopeView = FollowerScope & { name: string; accountId: number; timeZone: string };

export type FollowerRow = {
  openid: string;
  /** The code the person is attributed to (for a channel or campaign: which of its codes). */
  qrCodeId: number;
  qrCode: string;
  /** The last time they followed (through this code: the follow that attributed them to it). */
  followedAt: Date;
  following: boolean;
  /** When they last unfollowed, while they are not following; null while they follow. */
  unfollowedAt: Date | null;
  /** Their last scan of a code of the scope, and how many scans of its codes they made (tests left out). */
  lastScanAt: Date | null;
  scans: number;
};

export type FollowersPage = {
  scope: FollowerScopeView;
  items: FollowerRow[];
  /** The cursor of the page after this one; null on the last page. */
  next: FollowersCursor | null;
  /** How many followers match the filter, and of the scope's followers how many still follow. */
  total: number;
  following: number;
};

const TABLES: Record<FollowerScopeKind, { table: string; what: string; codes: string }> = {
  qrCodeId: { table: "qr_codes", what: "code", codes: "id = $1 AND status = 'active'" },
  channelId: { table: "channels", what: "channel", codes: "channel_id = $1 AND status = 'active'" },
  campaignId: { table: "campaigns", what: "campaign", codes: "campaign_id = $1 AND status = 'active'" },
};

/** The code, channel or campaign, or a 404. */
export async function findFollowerScope(scope: FollowerScope): Promise<FollowerScopeView> {
  const { table, what } = TABLES[scope.kind];
  const status = scope.kind === "qrCodeId" ? "AND s.status = 'active'" : "";
  const { rows } = await pool().query<{ name: string; account_id: number; time_zone: string }>(
    `SELECT s.name, s.account_id, a.time_zone FROM ${table} s JOIN accounts a ON a.id = s.account_id WHERE s.id = $1 ${status}`,
    [scope.id],
  );
  if (!rows[0]) throw notFound(`${what} ${scope.id}`);
  return { ...scope, name: rows[0].name, accountId: rows[0].account_id, timeZone: rows[0].time_zone };
}

/**
 * One page: the page's followers first — the newest follows of each code of the scope by the
 * (qr_code_id, followed_at, openid) index, merged — and only then their scans, per openid of the
 * page by the events' (account_id, openid, occurred_at) index. The scope's size never makes a page slower.
 */
export async function listFollowers(input: {
  scope: FollowerScopeView;
  following: boolean;
  after?: FollowersCursor;
  pageSize: number;
}): Promise<FollowersPage> {
  const [items, counts] = await Promise.all([followersAfter(input), countFollowers(input.scope, input.following)]);
  const page = items.slice(0, input.pageSize);
  const last = page.at(-1);
  return {
    scope: input.scope,
    items: page,
    next: items.length > input.pageSize && last ? { followedAt: last.followedAt, openid: last.openid } : null,
    ...counts,
  };
}

/** Every follower of the scope, page by page (for the CSV: memory stays bounded however many there are). */
export async function* streamFollowers(input: { scope: FollowerScopeView; following: boolean }): AsyncGenerator<FollowerRow[]> {
  for (let after: FollowersCursor | undefined; ; ) {
    const rows = await followersAfter({ ...input, after, pageSize: STREAM_PAGE });
    const page = rows.slice(0, STREAM_PAGE);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (rows.length <= STREAM_PAGE || !last) return;
    after = { followedAt: last.followedAt, openid: last.openid };
  }
}

const STREAM_PAGE = 1_000;

const codesOf = (scope: FollowerScope) => `SELECT id, name FROM qr_codes WHERE ${TABLES[scope.kind].codes}`;

/** Up to pageSize + 1 followers after the cursor (one more tells whether a next page exists). */
async function followersAfter(input: {
  scope: FollowerScopeView;
  following: boolean;
  after?: FollowersCursor;
  pageSize: number;
}): Promise<FollowerRow[]> {
  const { values, p } = sqlParams();
  p(input.scope.id, "::int");
  const account = p(input.scope.accountId, "::int");
  const take = p(input.pageSize + 1, "::int");
  const after = input.after
    ? `AND (f.followed_at, f.openid) < (${p(input.after.followedAt.toISOString(), "::timestamptz")}, ${p(input.after.openid)})`
    : "";
  const { rows } = await pool().query<{
    openid: string;
    qr_code_id: number;
    qr_code: string;
    followed_at: Date;
    subscribed: boolean;
    unfollowed_at: Date | null;
    last_scan_at: Date | null;
    scans: string;
  }>(
    `WITH codes AS (${codesOf(input.scope)}),
     page AS (
       SELECT f.* FROM codes c
        CROSS JOIN LATERAL (
          SELECT f.openid, f.qr_code_id, c.name AS qr_code, f.followed_at, f.subscribed, f.unfollowed_at FROM followers f
           WHERE f.qr_code_id = c.id AND f.followed_at IS NOT NULL ${input.following ? "AND f.subscribed" : ""} ${after}
           ORDER BY f.followed_at DESC, f.openid DESC
           LIMIT ${take}) AS f
        ORDER BY f.followed_at DESC, f.openid DESC
        LIMIT ${take}
     )
     SELECT p.*, s.last_scan_at, s.scans FROM page p
      CROSS JOIN LATERAL (
        SELECT max(e.occurred_at) AS last_scan_at, count(*) AS scans FROM events e
         WHERE e.account_id = ${account} AND e.openid = p.openid AND e.kind IN ${SCAN_KINDS} AND NOT e.test
           AND e.qr_code_id IN (SELECT id FROM codes)) AS s
      ORDER BY p.followed_at DESC, p.openid DESC`,
    values,
  );
  return rows.map((r) => ({
    openid: r.openid,
    qrCodeId: r.qr_code_id,
    qrCode: r.qr_code,
    followedAt: r.followed_at,
    following: r.subscribed,
    unfollowedAt: r.subscribed ? null : r.unfollowed_at,
    lastScanAt: r.last_scan_at,
    scans: Number(r.scans),
  }));
}

async function countFollowers(scope: FollowerScope, following: boolean): Promise<{ total: number; following: number }> {
  const { rows } = await pool().query<{ everyone: string; following: string }>(
    `SELECT count(*) AS everyone, count(*) FILTER (WHERE f.subscribed) AS following
       FROM followers f WHERE f.qr_code_id IN (SELECT id FROM (${codesOf(scope)}) AS c) AND f.followed_at IS NOT NULL`,
    [scope.id],
  );
  const counts = { all: Number(rows[0].everyone), following: Number(rows[0].following) };
  return { total: following ? counts.following : counts.all, following: counts.following };
}
