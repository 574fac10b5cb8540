import { csvResponse } from "@/lib/api/csv";
import type { StatsAnswer } from "@/lib/api/stats-answers";
import { codeDetails } from "@/lib/db/stats-export";
import { getLocale } from "@/lib/i18n/server";
import type { Locale } from "@/lib/i18n/locale";
import { toCsv } from "@/lib/csv";
import { statsTableCsv } from "@/lib/stats/csv";

/** The breakdown table as CSV in the asked language, else the dashboard's (its cookie, else Accept-Language). */
export async function statsCsvResponse(stats: StatsAnswer, lang?: Locale): Promise<Response> {
  const locale = lang ?? (await getLocale());
  const codes = stats.groupBy === "qrcode" ? await codeDetails(stats.rows.map((r) => Number(r.key))) : undefined;
  const { header, rows } = statsTableCsv(stats, locale, codes);
  return csvResponse(`qudao-stats-${stats.groupBy}-${stats.from}-${stats.to}.csv`, toCsv(header, rows));
}
