import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locale";
import { rowIdParam, text } from "./input";

/** At most this many followers a page (GET /api/followers). */
export const FOLLOWERS_PAGE_SIZE = { max: 100, default: 50 } as const;

export const FOLLOWER_SCOPES = ["qrCodeId", "channelId", "campaignId"] as const;
export type FollowerScopeKind = (typeof FOLLOWER_SCOPES)[number];

/** Where a page ends: the last row's follow time and openid, as GET /api/followers hands it out in `next`. */
export type FollowersCursor = { followedAt: Date; openid: string };

export function encodeCursor(cursor: FollowersCursor): string {
  return Buffer.from(`${cursor.followedAt.toISOString()}\n${cursor.openid}`, "utf8").toString("base64url");
}

/** The time ends at the first line break; the openid is the rest, whatever it holds. */
function decodeCursor(value: string): FollowersCursor | null {
  const text = Buffer.from(value, "base64url").toString("utf8");
  const end = text.indexOf("\n");
  const iso = text.slice(0, end);
  const openid = text.slice(end + 1);
  const followedAt = new Date(iso);
  if (end < 0 || !openid || Number.isNaN(followedAt.getTime()) || followedAt.toISOString() !== iso) return null;
  return { followedAt, openid };
}

const cursor = text.max(400).transform((value, ctx) => {
  const decoded = decodeCursor(value);
  if (!decoded) {
    ctx.addIssue({ code: "custom", message: "is not a cursor this API handed out (use the `next` of the previous page)" });
    return z.NEVER;
  }
  return decoded;
});

/**
 * GET /api/followers: the followers one code, channel or campaign brought (exactly one of the three
 * ids), newest follow first, a page after `after`; `status=following` keeps those still following.
 */
export const followersQuery = z
  .object({
    qrCodeId: rowIdParam.optional(),
    channelId: rowIdParam.optional(),
    campaignId: rowIdParam.optional(),
    status: z.enum(["all", "following"]).default("all"),
    after: cursor.optional(),
    pageSize: z.coerce.number().int().min(1).max(FOLLOWERS_PAGE_SIZE.max).default(FOLLOWERS_PAGE_SIZE.default),
    format: z.enum(["json", "csv"]).default("json"),
    /** The CSV's language (headers, yes/no); else the dashboard's language cookie, else the browser's. */
    lang: z.enum(LOCALES).optional(),
  })
  .refine((q) => FOLLOWER_SCOPES.filter((key) => q[key] !== undefined).length === 1, {
    path: ["qrCodeId"],
    message: "give exactly one of qrCodeId, channelId, campaignId",
  });

export type FollowersQuery = z.infer<typeof followersQuery>;
