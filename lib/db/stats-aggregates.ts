import { MAX_RANGE_DAYS } from "@/lib/validation/stats";
import { RETENTION_BOUNDS } from "@/lib/stats/retention";

/**
 * The parts of an account that statistics count separately. Every counted event belongs to exactly
 * one slice of each kind (its code, the code's channel, campaign, channel within campaign, and the
 * account), so any grouping and drill-down filter of GET /api/stats reads one kind of slice.
 */
export type SliceKind = "account" | "channel" | "campaign" | "channel_campaign" | "qr_code";

/** `key1`/`key2` of each slice kind, as SQL over a code's columns (`q` = qr_codes). 0 = none. */
export const SLICE_KEYS: Record<SliceKind, [key1: string, key2: string]> = {
  account: ["0", "0"],
  channel: ["q.channel_id", "0"],
  campaign: ["COALESCE(q.campaign_id, 0)", "0"],
  channel_campaign: ["q.channel_id", "COALESCE(q.campaign_id, 0)"],
  qr_code: ["q.id", "0"],
};

/**
 * `CROSS JOIN LATERAL` the slices of the code aliased `q`: one row per slice kind with columns
 * `slice`, `key1`, `key2`.
 */
export const SLICES_OF_CODE = `CROSS JOIN LATERAL (VALUES ${Object.entries(SLICE_KEYS)
  .map(([slice, [key1, key2]]) => `('${slice}'::"StatsSlice", ${key1}, ${key2})`)
  .join(", ")}) AS s(slice, key1, key2)`;

/**
 * How far back a scanner's previous scan is remembered: a range's last day is at most this many
 * days after its first, so an earlier scan never decides whether a scanner is new to the range.
 */
export const RETURN_WINDOW_DAYS = MAX_RANGE_DAYS;

/**
 * Distinct scanners over a range, exactly, from per-bucket counts (a bucket is a day, or a week
 * from Monday): each bucket keeps its daily distinct scanners (`scanners`, summed over its days)
 * and `returns`, a running count of those who had scanned the slice before: a scan whose previous
 * day in the slice was `prev` counts from position max(start − prev, 0) + 1 on (start = the
 * bucket's first day). The distinct scanners of [from, to] are the sum over buckets covering it of
 * scanners − stats_at(returns, start − from + 1): each person counted on their first day in the
 * range only. `returns` arrays end where the count stops growing (stats_at and stats_add, SQL
 * functions of the migration, read and add them).
 */
export const returnsPosition = (start: string, prev: string) => `GREATEST(${start} - ${prev}, 0) + 1`;

/** What a returns array belongs to: a slice's bucket, for one people set (`grp`, see PEOPLE_SETS). */
const RETURNS_KEY = ["account_id", "slice", "key1", "key2", "grp", "bucket"];

/**
 * Running-count arrays from the rows of `points` (account_id, slice, key1, key2, grp, bucket, pos,
 * delta): one row per bucket and people set with `returns`, where position i holds the sum of the
 * deltas at positions up to i.
 */
export function returnsArrays(points: string): string {
  const key = RETURNS_KEY.join(", ");
  const of = (alias: string) => RETURNS_KEY.map((c) => `${alias}.${c}`).join(", ");
  const byKey = RETURNS_KEY.map((_, i) => i + 1).join(", ");
  return `SELECT ${key}, array_agg(total ORDER BY i)::int[] AS returns
      FROM (SELECT ${of("r")}, i, sum(COALESCE(p.delta, 0)) OVER (PARTITION BY ${of("r")} ORDER BY i) AS total
              FROM (SELECT ${key}, max(pos) AS top FROM ${points} GROUP BY ${byKey}) AS r
              CROSS JOIN generate_series(1, r.top) AS i
              LEFT JOIN (SELECT ${key}, pos, sum(delta) AS delta FROM ${points} GROUP BY ${byKey}, pos) AS p
                ON (${of("p")}, p.pos) = (${of("r")}, i)
           ) AS running
     GROUP BY ${byKey}`;
}

/** The Monday of a local day's week, in SQL. */
export const weekOf = (day: string) => `date_trunc('week', ${day})::date`;

/** Event kinds that are scans. */
export const SCAN_KINDS = `('scan', 'scan_subscribe')`;

/**
 * The sets of people statistics count distinctly (SPEC §4): the openids among the events of one
 * event count. Each set keeps, per bucket, its distinct people of the day (`people`, summed over a
 * week's days; of the hour in stats_hours) and their `returns`, as distinct scanners do above; the
 * fold and the rebuild handle all three alike, a set by its position (`grp`).
 */
export const PEOPLE_SETS = [
  { events: "scans", kinds: ["scan", "scan_subscribe"], people: "scanners", returns: "returns" },
  { events: "new_follows", kinds: ["scan_subscribe"], people: "followers", returns: "follow_returns" },
  { events: "unfollows", kinds: ["unfollow"], people: "unfollowers", returns: "unfollow_returns" },
] as const;

/** Event kinds that count in some statistic. */
export const COUNTED_KINDS = `(${[...new Set(PEOPLE_SETS.flatMap((s) => s.kinds))].map((k) => `'${k}'`).join(", ")})`;

/** `JOIN` the people sets an event (its `kind` column) puts its openid in: one row per set, column `grp`. */
export const PEOPLE_OF_EVENT = (kind: string) =>
  `JOIN (VALUES ${PEOPLE_SETS.map((s, grp) => `(${grp}, ARRAY[${s.kinds.map((k) => `'${k}'`).join(", ")}]::"EventKind"[])`).join(", ")})
     AS g(grp, kinds) ON ${kind} = ANY(g.kinds)`;

/** Each people set's column (`column`: its `people` or `returns`) pivoted out of rows with a `grp`, by `aggregate`. */
export const perPeopleSet = (column: "people" | "returns", aggregate: (grp: number) => string) =>
  PEOPLE_SETS.map((s, grp) => `${aggregate(grp)} AS ${s[column]}`).join(", ");

/** The event counts of SPEC §4 over rows with a `kind` column (scans, new follows, unfollows). */
export const EVENT_COUNTS = PEOPLE_SETS.map(
  (s) => `count(*) FILTER (WHERE kind IN (${s.kinds.map((k) => `'${k}'`).join(", ")})) AS ${s.events}`,
).join(",\n       ");

/** Event kinds that start or end a follow: what retention pairs a follow through a code with its unfollow by. */
export const FOLLOW_STATE_KINDS = `('scan_subscribe', 'follow', 'unfollow')`;

/** A retention bound's column suffix: 5m, 12h, 30d. */
const boundName = (seconds: number) =>
  seconds % 86_400 === 0 ? `${seconds / 86_400}d` : seconds % 3_600 === 0 ? `${seconds / 3_600}h` : `${seconds / 60}m`;

/**
 * Retention's running count of ended follows as stats_retention(_weeks) columns: position i
 * (1-based) is column i − 1, the follows that ended within RETENTION_BOUNDS[i − 1] (`ended_5m` …),
 * the position after the last bound all that ended (`ended`).
 */
export const ENDED_COLUMNS = [...RETENTION_BOUNDS.map((b) => `ended_${boundName(b)}`), "ended"] as const;

/** The column of a retention bound's position (1-based, see ENDED_COLUMNS). */
export const endedColumn = (position: number) => ENDED_COLUMNS[position - 1];

/**
 * The position in retention's running counts (ENDED_COLUMNS) of a follow that lasted `length` (an
 * SQL interval): one more than the RETENTION_BOUNDS it reached.
 */
export const endedPosition = (length: string) =>
  `width_bucket(extract(epoch FROM ${length})::float8, '{${RETENTION_BOUNDS.join(",")}}'::float8[]) + 1`;

/** Each ENDED_COLUMNS count over rows with a position `pos` (see endedPosition), for a GROUP BY. */
export const endedCounts = (pos: string) =>
  ENDED_COLUMNS.map((c, i) => `count(*) FILTER (WHERE ${pos} <= ${i + 1}) AS ${c}`).join(", ");

/** The retention columns of a stats_retention(_weeks) row: its follows and ENDED_COLUMNS. */
export const RETENTION_COLUMNS = ["follows", ...ENDED_COLUMNS] as const;

/**
 * Adds retention rows of `source` (account_id, slice, key1, key2, `day`, RETENTION_COLUMNS) to a
 * retention table, summed per its bucket `column` (`bucket`: SQL over the source's day): what the
 * fold adds to both tables and a rebuild sums its days into weeks with.
 */
export const addRetention = (table: string, column: string, source: string, bucket: string) => `
    INSERT INTO ${table} AS t (account_id, slice, key1, key2, ${column}, ${RETENTION_COLUMNS.join(", ")})
    SELECT account_id, slice, key1, key2, ${bucket}, ${RETENTION_COLUMNS.map((c) => `sum(${c})`).join(", ")}
      FROM ${source} GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (account_id, slice, ${column}, key1, key2) DO UPDATE SET
      ${RETENTION_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(", ")}`;
