import { pool } from "./client";
import { sqlParams } from "./sql-params";
import { foldPending } from "./stats-fold";
import { filterScope, groupScope, LABELS } from "./stats";
import type { StatsFilter } from "@/lib/validation/stats";
import type { StatsGroup } from "@/lib/stats/groups";
import {
  addEnded,
  boundPosition,
  CURVE_BOUNDS,
  endedBy,
  RETENTION_BOUNDS,
  RETENTION_DAYS,
  retentionOf,
  type CurvePoint,
  type Retention,
} from "@/lib/stats/retention";

const DAY_SECONDS = 86_400;

export type RetentionRow = Retention & { key: string; label: string };
export type Cohort = Retention & { day: string };
export type RetentionStats = { rows: RetentionRow[]; totals: Retention; cohorts: Cohort[]; curve: CurvePoint[] };

/** The running counts of ended follows of rows `t` summed, position by position up to the one after the last bound. */
const ENDED = `ARRAY[${[...RETENTION_BOUNDS, null].map((_, i) => `sum(stats_at(t.ended, ${i + 1}))`).join(", ")}]::int[]`;

/**
 * Of a cohort row `t`, how many of RETENTION_DAYS its follows are old enough for (all at least that
 * many days old at the account's local now: the day after it began that many days ago), given the
 * account's local `today`. Date comparisons against values worked out once, as the rows are many;
 * the days ascend, so the count says which.
 */
const oldFor = (today: string) => RETENTION_DAYS.map((days) => `(t.day <= ${today} - ${days + 1})::int`).join(" + ");

/**
 * Per group: the parts its retention adds up from (RetentionParts), over rows `c` that sum a
 * group's cohort rows by oldFor (`old_for`, `follows`, `ended`): a few per group.
 */
const PARTS = [
  "sum(c.follows) AS follows",
  ...RETENTION_DAYS.flatMap((days, i) => [
    `sum(c.follows) FILTER (WHERE c.old_for > ${i}) AS old_${i}`,
    `sum(c.ended[${boundPosition(days * DAY_SECONDS)}]) FILTER (WHERE c.old_for > ${i}) AS ended_${i}`,
  ]),
  `ARRAY[${[...RETENTION_BOUNDS, null].map((_, i) => `sum(c.ended[${i + 1}])`).join(", ")}]::int[] AS ended`,
].join(", ");

type PartsRow = { follows: string | null; ended: number[] } & Record<string, string | null>;

const partsOf = (r: PartsRow) => ({
  follows: Number(r.follows ?? 0),
  oldEnough: RETENTION_DAYS.map((_, i) => Number(r[`old_${i}`] ?? 0)),
  endedWithin: RETENTION_DAYS.map((_, i) => Number(r[`ended_${i}`] ?? 0)),
  ended: r.follows === null ? [] : r.ended,
});

type Asked = { accountId: number; from: string; to: string; groupBy: StatsGroup };

/** The account's local now (`n.at`) and the condition on cohort rows `t` of a slice over the range. */
function cohortScope(input: Asked, p: ReturnType<typeof sqlParams>["p"]) {
  const account = p(input.accountId, "::int");
  const range = `t.day BETWEEN ${p(input.from, "::date")} AND ${p(input.to, "::date")}`;
  return {
    account,
    now: `(SELECT now() AT TIME ZONE time_zone AS at FROM accounts WHERE id = ${account}) AS n`,
    today: `(SELECT (now() AT TIME ZONE time_zone)::date FROM accounts WHERE id = ${account})`,
    rows: (slice: string, where: string) => `t.account_id = ${account} AND t.slice = '${slice}' AND ${where} AND ${range}`,
  };
}

/** Each group's parts (PARTS) over the range. */
function groupedParts(input: Asked, filter: StatsFilter) {
  const { values, p } = sqlParams();
  const { account, today, rows } = cohortScope(input, p);
  const groups = groupScope(account, input.groupBy, filter, p);
  const codeJoin = groups.slice === "qr_code" ? "JOIN qr_codes q ON q.id = t.key1" : "";
  return pool().query<PartsRow & { id: number; label: string | null }>(
    `SELECT ${LABELS[input.groupBy]} AS label, g.*
       FROM (SELECT c.id, ${PARTS}
               FROM (SELECT ${groups.group} AS id, ${oldFor(today)} AS old_for, sum(t.follows) AS follows, ${ENDED} AS ended
                       FROM stats_retention t ${codeJoin}
                      WHERE ${rows(groups.slice, groups.where)} GROUP BY 1, 2) AS c
              GROUP BY 1) AS g`,
    values,
  );
}

/** The filter's follow days over the range: follows, ended follows' running count, how many of RETENTION_DAYS they are old enough for, and how long ago the day ended (seconds, for the curve). */
function cohortRows(input: Asked, filter: StatsFilter) {
  const { values, p } = sqlParams();
  const { account, now, today, rows } = cohortScope(input, p);
  const totals = filterScope(account, filter, p);
  return pool().query<{ day: string; follows: number; ended: number[]; age: number; old_for: number }>(
    `SELECT to_char(t.day, 'YYYY-MM-DD') AS day, sum(t.follows)::int AS follows, ${ENDED} AS ended, ${oldFor(today)} AS old_for,
            extract(epoch FROM n.at - (t.day + 1)::timestamp)::float8 AS age
       FROM stats_retention t CROSS JOIN ${now}
      WHERE ${rows(totals.slice, totals.where)}
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
  const [grouped, days] = await Promise.all([groupedParts(input, filter), cohortRows(input, filter)]);
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
      .sort((a, b) => b.follows - a.follows || a.label.localeCompare(b.label, "zh-CN")),
    totals: retentionOf(totalParts),
    cohorts: cohortParts.map((c) => ({ day: c.day, ...retentionOf(c.parts) })),
    curve,
  };
}
