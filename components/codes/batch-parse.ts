// The batch form's input: one channel per line, or CSV / pasted spreadsheet rows
// with the columns channel,name,sceneStr (a header row may name them, in English or Chinese).

export type BatchRow = { line: number; channel: string; name: string; sceneStr?: string };
export type BatchParse = { format: "lines" | "table"; rows: BatchRow[]; duplicates: Set<number> };

const HEADERS: Record<string, keyof Omit<BatchRow, "line">> = {
  channel: "channel",
  渠道: "channel",
  name: "name",
  名称: "name",
  scenestr: "sceneStr",
  scene: "sceneStr",
  场景值: "sceneStr",
  场景: "sceneStr",
};

/** One CSV record on one line (RFC 4180 quoting), or tab-separated cells as a spreadsheet pastes them. */
export function splitCells(line: string): string[] {
  if (line.includes("\t")) return line.split("\t").map((c) => c.trim());
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === ",") {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

export function parseBatch(text: string): BatchParse {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .map((raw, index) => ({ raw, line: index + 1 }))
    .filter(({ raw }) => raw.trim() !== "");
  const table = lines.some(({ raw }) => raw.includes(",") || raw.includes("\t"));
  let columns: (keyof Omit<BatchRow, "line">)[] = ["channel", "name", "sceneStr"];
  let body = lines;
  if (lines.length) {
    const first = splitCells(lines[0].raw).map((c) => c.toLowerCase().replace(/[\s_]/g, ""));
    if (first.some((c) => HEADERS[c] === "channel")) {
      columns = first.map((c) => HEADERS[c] ?? ("ignored" as never));
      body = lines.slice(1);
    }
  }

  const rows: BatchRow[] = body.map(({ raw, line }) => {
    if (!table) return { line, channel: raw.trim(), name: raw.trim() };
    const cells = splitCells(raw);
    const get = (column: keyof Omit<BatchRow, "line">) => {
      const index = columns.indexOf(column);
      return index >= 0 ? (cells[index] ?? "").trim() : "";
    };
    const channel = get("channel");
    const sceneStr = get("sceneStr");
    return { line, channel, name: get("name") || channel, ...(sceneStr ? { sceneStr } : {}) };
  });

  // Two rows for the same channel and name, or the same scene, are almost surely a paste mistake.
  const duplicates = new Set<number>();
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const keys = [`c:${row.channel}\u0000${row.name}`, ...(row.sceneStr ? [`s:${row.sceneStr}`] : [])];
    for (const key of keys) {
      if (seen.has(key)) duplicates.add(index);
      else seen.set(key, index);
    }
  });
  return { format: table ? "table" : "lines", rows, duplicates };
}
