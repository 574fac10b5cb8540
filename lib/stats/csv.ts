import { translator, type Locale, type Translate } from "@/lib/i18n/locale";
import { messages } from "@/lib/i18n/messages";
import { METRICS, RATIO, RATIOS, type Counts } from "@/lib/stats/metrics";
import type { StatsGroup } from "@/lib/stats/groups";

// The two CSV exports' columns and cells, in the dashboard's language: what Excel shows an analyst.
// The metric columns follow METRICS and RATIOS, worded as the dashboard words them.

/** What a per-code row adds to the code's name. */
export type CodeDetails = { id: number; scene: string; channel: string; campaign: string | null };

type TableRow = Counts & { key: string; label: string };
type Table = { groupBy: StatsGroup; rows: TableRow[]; totals: Counts };

/** A share as Excel reads a percentage (`66.7%`); empty when there is nothing to divide by. */
export const csvPercent = (share: number | null): string => (share === null ? "" : `${(share * 100).toFixed(1)}%`);

const numbers = (counts: Counts) => [...METRICS.map((m) => counts[m]), ...RATIOS.map((r) => csvPercent(RATIO[r].of(counts)))];

/**
 * The breakdown table as the dashboard shows it: the group's name (the campaign placeholder for
 * codes without one), for codes also id, scene, channel and campaign, then every metric and ratio;
 * the totals last. `codes` holds the details of the codes the rows name.
 */
export function statsTableCsv(table: Table, locale: Locale, codes: ReadonlyMap<number, CodeDetails> = new Map()) {
  const t = translator(messages[locale]);
  const noCampaign = t("stats.noCampaign");
  const perCode = table.groupBy === "qrcode";
  const header = [
    t(`stats.column.${table.groupBy}`),
    ...(perCode ? [t("stats.csv.qrCodeId"), t("stats.csv.scene"), t("stats.column.channel"), t("stats.column.campaign")] : []),
    ...METRICS.map((m) => t(`stats.metric.${m}`)),
    ...RATIOS.map((r) => t(`stats.metric.${r}`)),
  ];
  const name = (row: TableRow) => (table.groupBy === "campaign" && row.key === "" ? noCampaign : row.label);
  const code = (row: TableRow) => {
    const details = codes.get(Number(row.key));
    return [row.key, details?.scene, details?.channel, details ? (details.campaign ?? noCampaign) : null];
  };
  const rows = [
    ...table.rows.map((row) => [name(row), ...(perCode ? code(row) : []), ...numbers(row)]),
    [t("stats.total"), ...(perCode ? [null, null, null, null] : []), ...numbers(table.totals)],
  ];
  return { header, rows };
}

/** One raw event as the export reads it: its time already in the account's zone (`2026-12-02 08:24:05`). */
export type ExportedEvent = {
  localTime: string;
  kind: "scan_subscribe" | "scan" | "follow" | "unfollow";
  openid: string;
  scene: string | null;
  qrCodeId: number | null;
  qrCode: string | null;
  channel: string | null;
  campaign: string | null;
  codeState: "archived" | "not_started" | "ended" | null;
};

/** The raw events' header, the time column naming the zone, and how each event becomes a row. */
export function eventsCsv(locale: Locale, timeZone: string) {
  const t: Translate = translator(messages[locale]);
  const noCampaign = t("stats.noCampaign");
  const header = [
    t("stats.csv.time", { tz: timeZone }),
    t("stats.csv.event"),
    t("stats.csv.openid"),
    t("stats.csv.scene"),
    t("stats.csv.qrCodeId"),
    t("stats.column.qrcode"),
    t("stats.column.channel"),
    t("stats.column.campaign"),
    t("stats.csv.codeState"),
  ];
  const row = (e: ExportedEvent): unknown[] => [
    e.localTime,
    t(`stats.csv.event.${e.kind}`),
    e.openid,
    e.scene,
    e.qrCodeId,
    e.qrCode,
    e.channel,
    // An event of a code without a campaign shows the placeholder; one of no code (a plain follow) stays empty.
    e.qrCodeId === null ? null : (e.campaign ?? noCampaign),
    e.codeState === null ? null : t(`stats.csv.codeState.${e.codeState}`),
  ];
  return { header, row };
}
