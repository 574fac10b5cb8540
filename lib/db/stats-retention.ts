import { pool } from "./client";
import { sqlParams } from "./sql-params";
import { foldPending } from "./stats-fold";
import { filterScope, groupScope, LABELS, type Scope } from "./stats";
import { ENDED_COLUMNS, endedColumn, RETENTION_COLUMNS } from "./stats-aggregates";
import type { StatsFilter } from "@/lib/validation/stats";
import type { StatsGroup } from "@/lib/stats/groups";
import {
  addEnded,
  boundPosition,
  CURVE_BOUNDS,
  endedBy,
  oldEnoughBy,
  RETENTION_DAYS,
  retentionBuckets,
  retentionOf,
  type CurvePoint,
  type Retention,
} from "@/lib/stats/retention";

const DAY_SECONDS = 86_400;
const byLabel = new Intl.Collator("zh-CN");

export type RetentionRow = Retention & { key: string; label: string };
export type Cohort = Retention & { day: string };
export type RetentionStats = { rows: RetentionRow[]; totals: Retention; cohorts: Cohort[]; curve: CurvePoint[] };

/** The running count of ended follows (ENDED_COLUMNS) of rows `t` summed, as an array. */
const ENDED = `ARRAY[${ENDED_COLUMNS.map((c) => `sum(t.${c})`).join(", ")}]::int[]`;

/** Of a cohort row `t`, how many of RETENTION_DAYS its follows are old enough for, given the last day old enough for each (oldEnoughBy): the days ascend, so the count says which. */
const oldFor = (lasts: string[]) => lasts.map((last) => `(t.day <= ${last})::int`).join(" + ");

type Asked = { accountId: number; from: string; to: string; groupBy: StatsGroup };
type Param = ReturnType<typeof sqlParams>["p"];

/** The account's local day now, by the database's clock (as the cohorts' ages are). */
async function localToday(accountId: number): Promise<string> {
  const { rows } = await pool().query<{ today: string }>(
    "SELECT to_char((now() AT TIME ZONE time_zone)::date, 'YYYY-MM-DD') AS today FROM accounts WHERE id = $1",
    [accountId],
  );
  return rows[0].today;
}

/** The retention rows of a slice over the range (see retentionBuckets), each with its bucket's `last` day. */
function retentionRows(scope: Scope, account: string, input: Asked & { today: string }, p: Param) {
  const { weeks, days } = retentionBuckets(input.from, input.to, input.today);
  const slice = `t.account_id = ${account} AND t.slice = '${scope.slice}' AND ${scope.where}`;
  const columns = RETENTION_COLUMNS.map((c) => `t.${c}`).join(", ");
  return `SELECT t.key1, t.key2, t.day AS last, ${columns} FROM stats_retention t
           WHERE ${slice} AND t.day = ANY(${p(days, "::date[]")})
          UNION ALL
          SELECT t.key1, t.key2, t.week + 6, ${columns} FROM stats_retention_weeks t
           WHERE ${slice} AND t.week = ANY(${p(weeks, "::date[]")})`;
}

type PartsRow = { follows: string | null; ended: number[] } & Record<string, string | null>;

/**
 * Each group's parts (RetentionParts) over the range: its follows, per RETENTION_DAYS those old
 * enough and those of them that ended within, and the running count of all that ended.
 */
function groupedParts(input: Asked & { today: string }, filter: StatsFilter) {
  const { values, p } = sqlParams();
  const account = p(input.accountId, "::int");
  const groups = groupScope(account, input.groupBy, filter, p);
  const lasts = oldEnoughBy(input.today).map((day) => p(day, "::date"));
  const old = lasts.flatMap((last, i) => [
    `sum(t.follows) FILTER (WHERE t.last <= ${last}) AS old_${i}`,
    `sum(t.${endedColumn(boundPosition(RETENTION_DAYS[i] * DAY_SECONDS))}) FILTER (WHERE t.last <= ${last}) AS ended_${i}`,
  ]);
  return pool().query<PartsRow & { id: number; label: string | null }>(
    `SELECT ${LABELS[input.groupBy]} AS label, g.*
       FROM (SELECT ${groups.group} AS id, sum(t.follows) AS follows, ${old.join(", ")}, ${ENDED} AS ended
               FROM (${retentionRows(groups, account, input, p)}) AS t ${groups.join}
              GROUP BY 1) AS g`,
    values,
  );
}

const partsOf = (r: PartsRow) => ({
  follows: Number(r.follows ?? 0),
  oldEnough: RETENTION_DAYS.map((_, i) => Number(r[`old_${i}`] ?? 0)),
  endedWithin: RETENTION_DAYS.map((_, i) => Number(r[`ended_${i}`] ?? 0)),
  ended: r.follows === null ? [] : r.ended,
});

/** The filter's follow days over the range: follows, ended follows' running count, how many of RETENTION_DAYS they are old enough for, and how long ago the day ended (seconds, for the curve). */
function cohortRows(input: Asked & { today: string }, filter: StatsFilter) {
  const { values, p } = sqlParams();
  const account = p(input.accountId, "::int");
  const totals = filterScope(account, filter, p);
  return pool().query<{ day: string; follows: number; ended: number[]; age: number; old_for: number }>(
    `SELECT to_char(t.day, 'YYYY-MM-DD') AS day, sum(t.follows)::int AS follows, ${ENDED} AS ended, ${oldFor(oldEnoughBy(input.today).map((day) => p(day, "::date")))} AS old_for,
            extract(epoch FROM n.at - (t.day + 1)::timestamp)::float8 AS age
       FROM stats_retention t CROSS JOIN (SELECT now() AT TIME ZONE time_zone AS at FROM accounts WHERE id = ${account}) AS n
      WHERE t.account_id = ${account} AND t.slice = '${totals.slice}' AND ${totals.where}
        AND t.day BETWEEN ${p(input.from, "::date")} AND ${p(input.to, "::date")}
      GROUP BY t.day, n.at ORDER BY t.day`,
    values,
  );
}

/**
 * How the follows through each group held over follow days [from, to] (local), its totals, the
 * cohort of each follow day and the curve — read from stats_retention once every recorded event is
 * folded in. A share counts only follows old enough to tell (see lib/stats/retention.ts).
 */
export async function getRetention(input: Asked & { filter?: StatsFilter }): Promise<RetentionStats> {
  await foldPending();
  const filter = input.filter ?? {};
  const asked = { ...input, today: await localToday(input.accountId) };
  const [grouped, days] = await Promise.all([groupedParts(asked, filter), cohortRows(asked, filter)]);
  const cohortParts = days.rows.map((d) => ({
    day: d.day,
    age: d.age,
    parts: {
      follows: d.follows,
      oldEnough: RETENTION_DAYS.map((_, i) => (d.old_for > i ? d.follows : 0)),
      endedWithin: RETENTION_DAYS.map((n, i) => (d.old_for > i ? endedBy(d.ended, boundPosition(n * DAY_SECONDS)) : 0)),
      ended: d.ended,
    },
  }));
  const sum = (values: number[][]) =>
    values.reduce(
      (a, b) => a.map((x, i) => x + b[i]),
      RETENTION_DAYS.map(() => 0),
    );
  const totalParts = {
    follows: cohortParts.reduce((n, c) => n + c.parts.follows, 0),
    oldEnough: sum(cohortParts.map((c) => c.parts.oldEnough)),
    endedWithin: sum(cohortParts.map((c) => c.parts.endedWithin)),
    ended: cohortParts.reduce<number[]>((a, c) => addEnded(a, c.parts.ended), []),
  };
  const curve = CURVE_BOUNDS.map((after): CurvePoint => {
    const old = cohortParts.filter((c) => c.age >= after);
    const follows = old.reduce((n, c) => n + c.parts.follows, 0);
    const ended = old.reduce((n, c) => n + endedBy(c.parts.ended, boundPosition(after)), 0);
    return { after, follows, stayed: follows - ended, share: follows === 0 ? null : (follows - ended) / follows };
  });
  return {
    rows: grouped.rows
      .map((r) => ({ key: r.id ? String(r.id) : "", label: r.label ?? "", ...retentionOf(partsOf(r)) }))
      .sort((a, b) => b.follows - a.follows || byLabel.compare(a.label, b.label)),
    totals: retentionOf(totalParts),
    cohorts: cohortParts.map((c) => ({ day: c.day, ...retentionOf(c.parts) })),
    curve,
  };
}
