import { pool } from "./client";
import { sqlParams } from "./sql-params";
import { foldPending } from "./stats-fold";
import { filterScope } from "./stats";
import type { StatsFilter } from "@/lib/validation/stats";

/** Scans per weekday and hour: `[weekday][hour]`, Monday first (0 = Monday … 6 = Sunday), hours 0–23 local. */
export type WeekHours = number[][];

/**
 * The scans of whole local days [from, to] per weekday and hour of day in the account's time zone,
 * in one statement over the hourly statistics (their hours are local already): at most 24 rows a
 * day of the range for the filter's one slice, however many events there are.
 */
export async function getScanHeatmap(input: {
  accountId: number;
  from: string; // YYYY-MM-DD
  to: string;
  filter?: StatsFilter;
}): Promise<WeekHours> {
  await foldPending();
  const { values, p } = sqlParams();
  const account = p(input.accountId, "::int");
  const scope = filterScope(account, input.filter ?? {}, p);
  const { rows } = await pool().query<{ weekday: number; hour: number; scans: string }>(
    `SELECT extract(isodow FROM t.hour)::int AS weekday, extract(hour FROM t.hour)::int AS hour, sum(t.scans) AS scans
       FROM stats_hours t
      WHERE t.account_id = ${account} AND t.slice = '${scope.slice}' AND ${scope.where}
        AND t.hour >= ${p(input.from, "::date")} AND t.hour < ${p(input.to, "::date")} + 1
      GROUP BY 1, 2`,
    values,
  );
  const week = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const r of rows) week[r.weekday - 1][r.hour] = Number(r.scans);
  return week;
}
