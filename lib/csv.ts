function cell(value: unknown): string {
  let text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const BOM = "\uFEFF";
export const csvLines = (rows: unknown[][]) => rows.map((row) => `${row.map(cell).join(",")}\r\n`).join("");

/** RFC 4180 CSV with a BOM so Excel opens Chinese text correctly; formula-looking cells are neutralised. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + csvLines([header, ...rows]);
}

/** A moment as a spreadsheet reads it, on the wall clock of `timeZone`: "2026-03-02 14:03:05" (the header names the zone). */
export function localDateTime(at: Date | null, timeZone: string): string {
  if (at === null) return "";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
