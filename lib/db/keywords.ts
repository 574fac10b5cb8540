import { pool, prisma } from "./client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { conflict, invalid } from "@/lib/errors";
import { KEYWORD_LIMITS } from "@/lib/limits";
import {
  compileKeywordReplies,
  hhmmOf,
  minutesOf,
  type ActiveHours,
  type KeywordMatch,
  type KeywordReplies,
  type KeywordRuleSource,
} from "@/lib/keywords/match";
import type { CreateKeywordRuleInput, UpdateKeywordRuleInput } from "@/lib/validation/keywords";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import { replyData, toReplyView, type ReplyView } from "./replies";
import { fromJson, type ReplyColumns } from "./webhook-config";
import type { Versioned } from "./webhook-config";

/** A keyword rule as the API shows it: active hours as "HH:MM" in the account's time zone. */
export type KeywordRuleView = {
  id: number;
  accountId: number;
  position: number;
  match: KeywordMatch;
  keywords: string[];
  reply: ReplyView;
  activeHours: { from: string; to: string } | null;
  enabled: boolean;
  createdAt: Date;
};

const include = { reply: true } as const;
type RuleRow = Prisma.KeywordRuleGetPayload<{ include: typeof include }>;

const hoursView = (row: { activeFrom: number | null; activeTo: number | null }) =>
  row.activeFrom === null || row.activeTo === null ? null : { from: hhmmOf(row.activeFrom), to: hhmmOf(row.activeTo) };

function toView(row: RuleRow): KeywordRuleView {
  return {
    id: row.id,
    accountId: row.accountId,
    position: row.position,
    match: row.match,
    keywords: row.keywords,
    reply: toReplyView(row.reply),
    activeHours: hoursView(row),
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
}

/** What the audit log keeps of a rule. */
const snapshot = (rule: KeywordRuleView) => ({
  match: rule.match,
  keywords: rule.keywords,
  reply: rule.reply,
  activeHours: rule.activeHours,
  enabled: rule.enabled,
});

const target = (rule: KeywordRuleView) => ({ type: "keyword" as const, id: rule.id, label: rule.keywords.join(" / ") });

const hoursData = (hours: { from: string; to: string } | null) => ({
  activeFrom: hours ? minutesOf(hours.from) : null,
  activeTo: hours ? minutesOf(hours.to) : null,
});

/** The account's rules in the order they are tried; null when there is no such account. */
export async function listKeywordRules(accountId: number): Promise<KeywordRuleView[] | null> {
  const account = await prisma.account.findUnique({
    where: { id: accountId },
    select: { keywordRules: { include, orderBy: [{ position: "asc" }, { id: "asc" }] } },
  });
  return account ? account.keywordRules.map(toView) : null;
}

/** Rules are added, reordered and counted one change at a time per account: the account row is the lock. */
async function lockAccount(tx: Prisma.TransactionClient, accountId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM accounts WHERE id = ${accountId} FOR NO KEY UPDATE`;
  return rows.length > 0;
}

/** Adds a rule after the account's others. Null when there is no such account. */
export async function createKeywordRule(
  accountId: number,
  input: CreateKeywordRuleInput,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<KeywordRuleView | null> {
  return prisma.$transaction(async (tx) => {
    if (!(await lockAccount(tx, accountId))) return null;
    const { _count, _max } = await tx.keywordRule.aggregate({ where: { accountId }, _count: true, _max: { position: true } });
    if (_count >= KEYWORD_LIMITS.rulesPerAccount)
      throw conflict(
        "too_many_rules",
        `an account has at most ${KEYWORD_LIMITS.rulesPerAccount} keyword rules: delete one first`,
        "keywords",
      );
    const rule = toView(
      await tx.keywordRule.create({
        data: {
          account: { connect: { id: accountId } },
          position: (_max.position ?? -1) + 1,
          match: input.match,
          keywords: input.keywords,
          enabled: input.enabled ?? true,
          ...hoursData(input.activeHours ?? null),
          reply: { create: replyData(input.reply) },
        },
        include,
      }),
    );
    await recordAudit(tx, actor, { action: "keyword.create", target: target(rule), before: null, after: snapshot(rule) });
    return rule;
  });
}

/** Changes what is given. Null when there is no such rule. */
export async function updateKeywordRule(
  id: number,
  input: UpdateKeywordRuleInput,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<KeywordRuleView | null> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.keywordRule.findUnique({ where: { id }, include });
    if (!current) return null;
    const before = toView(current);
    const rule = toView(
      await tx.keywordRule.update({
        where: { id },
        data: {
          match: input.match,
          keywords: input.keywords,
          enabled: input.enabled,
          ...(input.activeHours === undefined ? {} : hoursData(input.activeHours)),
          ...(input.reply ? { reply: { update: replyData(input.reply) } } : {}),
        },
        include,
      }),
    );
    await recordAudit(tx, actor, {
      action: "keyword.update",
      target: target(rule),
      before: snapshot(before),
      after: snapshot(rule),
    });
    return rule;
  });
}

/** Deletes a rule and its reply. Null when there is no such rule. */
export async function deleteKeywordRule(id: number, actor: AuditActor = SYSTEM_ACTOR): Promise<KeywordRuleView | null> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.keywordRule.findUnique({ where: { id }, include });
    if (!current) return null;
    const rule = toView(current);
    await tx.reply.delete({ where: { id: current.replyId } }); // the rule goes with it (ON DELETE CASCADE)
    await recordAudit(tx, actor, { action: "keyword.delete", target: target(rule), before: snapshot(rule), after: null });
    return rule;
  });
}

/**
 * Puts the account's rules in the order of `ids`, which must name each of them once. Answers with
 * the rules in their new order; null when there is no such account.
 */
export async function reorderKeywordRules(
  accountId: number,
  ids: number[],
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<KeywordRuleView[] | null> {
  return prisma.$transaction(async (tx) => {
    const account = await tx.account.findUnique({ where: { id: accountId }, select: { name: true } });
    if (!account || !(await lockAccount(tx, accountId))) return null;
    const current = await tx.keywordRule.findMany({ where: { accountId }, orderBy: [{ position: "asc" }, { id: "asc" }] });
    const known = new Set(current.map((rule) => rule.id));
    const stranger = ids.find((id) => !known.has(id));
    if (stranger !== undefined)
      throw invalid("unknown_rule", `rule ${stranger} is not one of this account's keyword rules`, "ids");
    if (ids.length !== current.length)
      throw invalid("incomplete_order", `name every rule of the account once (${current.length}), in the new order`, "ids");
    await tx.$executeRaw`
      UPDATE keyword_rules k SET position = o.n - 1
        FROM unnest(${ids}::int[]) WITH ORDINALITY AS o(id, n)
       WHERE k.id = o.id AND k.account_id = ${accountId} AND k.position IS DISTINCT FROM o.n - 1`;
    await recordAudit(tx, actor, {
      action: "keyword.reorder",
      target: { type: "account", id: accountId, label: account.name },
      before: { order: current.map((rule) => rule.id) },
      after: { order: ids },
    });
    const rules = await tx.keywordRule.findMany({ where: { accountId }, include, orderBy: [{ position: "asc" }, { id: "asc" }] });
    return rules.map(toView);
  });
}

type ReplyJson = ReplyColumns;
const replyOf = (row: ReplyJson) => fromJson(row)!;

/** What answers the account's text messages: its enabled rules in order, its time zone and "no match" reply. */
export type KeywordConfig = { rules: KeywordRuleSource[]; timeZone: string; noMatch: ReplyView | null };

/** For the webhook: the account's keyword configuration with the configuration version it belongs to, in one query. */
export async function loadKeywordConfig(accountId: number): Promise<Versioned<KeywordConfig | null>> {
  const { rows } = await pool().query<{
    version: string;
    time_zone: string | null;
    no_match: ReplyJson | null;
    rules: {
      id: number;
      match: KeywordMatch;
      keywords: string[];
      active_from: number | null;
      active_to: number | null;
      reply: ReplyJson;
    }[];
  }>({
    name: "keyword_config",
    text: `SELECT (SELECT version::text FROM config_version) AS version, a.time_zone, to_jsonb(nm) AS no_match,
                  COALESCE((SELECT jsonb_agg(jsonb_build_object('id', k.id, 'match', k.match, 'keywords', k.keywords,
                                               'active_from', k.active_from, 'active_to', k.active_to, 'reply', to_jsonb(r))
                                    ORDER BY k.position, k.id)
                              FROM keyword_rules k JOIN replies r ON r.id = k.reply_id
                             WHERE k.account_id = a.id AND k.enabled), '[]'::jsonb) AS rules
             FROM (SELECT 1) AS one
             LEFT JOIN accounts a ON a.id = $1
             LEFT JOIN replies nm ON nm.id = a.no_match_reply_id`,
    values: [accountId],
  });
  const row = rows[0];
  if (row.time_zone === null) return { version: row.version, value: null };
  return {
    version: row.version,
    value: {
      timeZone: row.time_zone,
      noMatch: row.no_match && replyOf(row.no_match),
      rules: row.rules.map((rule) => ({
        id: rule.id,
        match: rule.match,
        keywords: rule.keywords,
        reply: replyOf(rule.reply),
        activeHours:
          rule.active_from === null || rule.active_to === null
            ? null
            : ({ from: rule.active_from, to: rule.active_to } as ActiveHours),
        enabled: true,
      })),
    },
  };
}

export const compileKeywordConfig = (config: KeywordConfig): KeywordReplies =>
  compileKeywordReplies(config.rules, { timeZone: config.timeZone, noMatch: config.noMatch });

export type KeywordTestAnswer = {
  source: "rule" | "noMatch" | "none";
  rule: KeywordRuleView | null;
  reply: ReplyView | null;
  /** The minute of the day it was judged at, in the account's time zone ("HH:MM"). */
  localTime: string;
  timeZone: string;
};

/** What a follower's text message sent at `at` would get now, judged as the webhook judges it. Null: no such account. */
export async function answerKeywordTest(accountId: number, text: string, at: Date): Promise<KeywordTestAnswer | null> {
  const { value: config } = await loadKeywordConfig(accountId);
  if (!config) return null;
  const answer = compileKeywordConfig(config).answer(text, Math.floor(at.getTime() / 1000));
  const rule = answer.ruleId === null ? null : await prisma.keywordRule.findUnique({ where: { id: answer.ruleId }, include });
  const localTime = new Intl.DateTimeFormat("en-GB", {
    timeZone: config.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return { source: answer.source, rule: rule && toView(rule), reply: answer.reply, localTime, timeZone: config.timeZone };
}
