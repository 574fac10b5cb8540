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
