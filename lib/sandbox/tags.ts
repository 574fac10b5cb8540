import { prisma } from "@/lib/db/client";
import { TAG_RULES } from "@/lib/wechat/limits";
import { knownOpenids } from "./interactions";

// User tags as WeChat's servers keep them: names unique per account, ids from 100 up, at most 100
// tags per account and 20 per user, batchtagging all-or-nothing.

export type Checked<T> = { ok: true; value: T } | { ok: false; errcode: number };

const fail = (errcode: number) => ({ ok: false as const, errcode });
const FIRST_TAG_ID = 100;
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

export const isOpenid = (value: unknown): value is string => typeof value === "string" && OPENID.test(value);

export async function listTags(appId: string): Promise<{ id: number; name: string; count: number }[]> {
  const [tags, counts] = await Promise.all([
    prisma.sandboxTag.findMany({ where: { appId }, orderBy: { id: "asc" } }),
    prisma.sandboxUserTag.groupBy({ by: ["tagId"], where: { appId }, _count: { _all: true } }),
  ]);
  const countOf = new Map(counts.map((c) => [c.tagId, c._count._all]));
  return tags.map((t) => ({ id: t.id, name: t.name, count: countOf.get(t.id) ?? 0 }));
}

/** tags/create: 40097 no name, 45158 over 30 bytes, 45157 the name exists, 45056 the account has 100 tags. */
export async function createTag(appId: string, name: unknown): Promise<Checked<{ id: number; name: string }>> {
  if (typeof name !== "string" || name.trim() === "") return fail(40097);
  if (Buffer.byteLength(name, "utf8") > TAG_RULES.nameBytes) return fail(45158);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sandbox:tags:${appId}`}))`;
    if (await tx.sandboxTag.findUnique({ where: { appId_name: { appId, name } } })) return fail(45157);
    const count = await tx.sandboxTag.count({ where: { appId } });
    if (count >= TAG_RULES.perAccount) return fail(45056);
    const last = await tx.sandboxTag.findFirst({ where: { appId }, orderBy: { id: "desc" } });
    const tag = await tx.sandboxTag.create({ data: { appId, id: Math.max(FIRST_TAG_ID, (last?.id ?? 0) + 1), name } });
    return { ok: true as const, value: { id: tag.id, name: tag.name } };
  });
}

/**
 * tags/members/batchtagging: 40032 no openid or more than 50, 40003 an openid that is malformed or
 * never followed the account, 45159 no such tag, 45059 a user would carry more than 20 tags (then
 * nobody is tagged). Tagging a user again with a tag they carry changes nothing.
 */
export async function batchTagging(appId: string, tagId: unknown, openids: unknown): Promise<Checked<null>> {
  if (!Array.isArray(openids) || openids.length === 0 || openids.length > TAG_RULES.openidsPerBatch) return fail(40032);
  if (!openids.every(isOpenid)) return fail(40003);
  if (typeof tagId !== "number" || !Number.isSafeInteger(tagId)) return fail(45159);
  const unique = [...new Set(openids)];
  const known = await knownOpenids(appId, unique);
  if (unique.some((o) => !known.has(o))) return fail(40003);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sandbox:tags:${appId}`}))`;
    if (!(await tx.sandboxTag.findUnique({ where: { appId_id: { appId, id: tagId } } }))) return fail(45159);
    const carried = await tx.sandboxUserTag.findMany({ where: { appId, openid: { in: unique } } });
    const tagsOf = new Map<string, Set<number>>();
    for (const row of carried) tagsOf.set(row.openid, (tagsOf.get(row.openid) ?? new Set()).add(row.tagId));
    const toTag = unique.filter((o) => !tagsOf.get(o)?.has(tagId));
    if (toTag.some((o) => (tagsOf.get(o)?.size ?? 0) >= TAG_RULES.perUser)) return fail(45059);
    await tx.sandboxUserTag.createMany({ data: toTag.map((openid) => ({ appId, openid, tagId })), skipDuplicates: true });
    return { ok: true as const, value: null };
  });
}

/** tags/getidlist: 40003 malformed or unknown openid. */
export async function userTagIds(appId: string, openid: unknown): Promise<Checked<number[]>> {
  if (!isOpenid(openid)) return fail(40003);
  if (!(await knownOpenids(appId, [openid])).has(openid)) return fail(40003);
  const rows = await prisma.sandboxUserTag.findMany({ where: { appId, openid }, orderBy: { tagId: "asc" } });
  return { ok: true, value: rows.map((r) => r.tagId) };
}
